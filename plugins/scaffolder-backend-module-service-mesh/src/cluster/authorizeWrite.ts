import { LoggerService } from '@backstage/backend-plugin-api';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { MeshWriteIntent } from '@service-mesh/plugin-service-mesh-common';
import { MeshWriteAuthorizer } from '@service-mesh/plugin-service-mesh-node';

/** What an action writes, for the one authorization rule. */
export interface ActionWrite {
  /** The action id, for the audit. */
  via: string;
  intent: MeshWriteIntent;
  cluster: string;
  namespaces: string[];
  owner?: string;
}

/**
 * Authorizes an action's writes with the initiator's credentials (dry runs
 * too: a preview of someone else's mesh is refused as the run would be). The
 * decision is audited either way; a refusal fails the step with a
 * NotAllowedError naming who owns the namespace.
 */
export async function authorizeWrite(
  authorizer: MeshWriteAuthorizer,
  ctx: {
    getInitiatorCredentials(): Promise<BackstageCredentials>;
    isDryRun?: boolean;
    logger: LoggerService;
  },
  write: ActionWrite,
): Promise<void> {
  const event = await authorizer.authorize({
    ...write,
    credentials: await ctx.getInitiatorCredentials(),
    dryRun: Boolean(ctx.isDryRun),
  });
  await event.success();
}
