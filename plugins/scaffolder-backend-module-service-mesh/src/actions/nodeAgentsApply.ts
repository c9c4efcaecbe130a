import { MANAGED_BY_LABEL } from '@service-mesh/plugin-service-mesh-common';
import { kinds } from '../cluster/kinds';
import { MeshSession } from '../cluster/session';
import { agentNamespace, nodeAgent } from './sailObjects';

/**
 * The cluster's IstioCNI and ZTunnel (one each, named `default`, shared by
 * every user's Istio). A missing one is created, with its namespace, and
 * labelled with the user whose run made it; one that exists and is someone
 * else's is kept as it is. Answers the kinds to wait for.
 */
export async function nodeAgentsApply(
  session: MeshSession,
  options: {
    user: string;
    version: string;
    cni: boolean;
    ztunnel: boolean;
    cniNamespace: string;
    ztunnelNamespace: string;
  },
): Promise<string[]> {
  const wanted = [
    ...(options.cni
      ? [{ kind: kinds.istioCni, namespace: options.cniNamespace }]
      : []),
    ...(options.ztunnel
      ? [{ kind: kinds.ztunnel, namespace: options.ztunnelNamespace }]
      : []),
  ];
  for (const { kind, namespace } of wanted) {
    const live = await session.cluster.read(kind, 'default');
    const owner = live?.metadata.labels?.[MANAGED_BY_LABEL];
    if (live && owner !== options.user) {
      session.logger.info(
        `${kind.kind} default: kept as it is (the cluster's one, ${
          owner ? `made by the run for ${owner}` : 'not made by these actions'
        }; it runs in ${live.spec?.namespace})`,
      );
      continue;
    }
    const liveNamespace = await session.cluster.read(
      kinds.namespace,
      namespace,
    );
    if (
      !liveNamespace ||
      liveNamespace.metadata.labels?.[MANAGED_BY_LABEL] === options.user
    ) {
      await session.applier.apply(agentNamespace(options.user, namespace));
    }
    await session.applier.apply(
      nodeAgent(kind, {
        user: options.user,
        namespace,
        version: options.version,
      }),
    );
  }
  return wanted.map(w => w.kind.kind);
}
