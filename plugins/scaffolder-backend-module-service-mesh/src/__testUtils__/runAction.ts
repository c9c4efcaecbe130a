import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

/** A logger that keeps every line, to assert on what the developer reads. */
export function recordingLogger() {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => {
    lines.push(`${level}: ${message}`);
  };
  const logger: any = {
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    debug: () => {},
    child: () => logger,
  };
  return { logger, lines };
}

/** Runs an action's handler as the scaffolder would, collecting its log and outputs. */
export async function runAction(
  action: TemplateAction<any, any, any>,
  input: Record<string, unknown>,
  options: {
    dryRun?: boolean;
    workspacePath?: string;
    user?: { ref?: string; entity?: any };
    /** The task's template, as the scaffolder gives it to actions. */
    templateInfo?: { entityRef?: string; entity?: { metadata: any } };
    /** The initiator's credentials (default: the mock context's). */
    credentials?: BackstageCredentials;
  } = {},
) {
  const { logger, lines } = recordingLogger();
  const outputs: Record<string, unknown> = {};
  const ctx = {
    ...createMockActionContext({
      input: input as any,
      logger,
      workspacePath: options.workspacePath,
      user: options.user,
      templateInfo: options.templateInfo as any,
    }),
    ...(options.credentials
      ? { getInitiatorCredentials: async () => options.credentials! }
      : {}),
    isDryRun: options.dryRun ?? false,
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
  };
  await action.handler(ctx as any);
  return { lines, outputs, log: lines.join('\n') };
}
