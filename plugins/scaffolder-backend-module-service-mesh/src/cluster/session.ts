import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Applier } from './applier';
import { clusterNamed } from './clusters';
import { MeshCluster } from './meshCluster';
import { Observation, waitFor } from './wait';

/** What one action run uses: the cluster, an applier and whether it is a dry run. */
export interface MeshSession {
  cluster: MeshCluster;
  applier: Applier;
  dryRun: boolean;
  logger: LoggerService;
  /** Waits for a condition; a dry run only says what it would wait for. */
  waitFor(options: {
    what: string;
    timeoutSeconds: number;
    observe: () => Promise<Observation>;
    signal?: AbortSignal;
  }): Promise<void>;
}

export function openSession(
  config: Config,
  clusterName: string,
  ctx: { logger: LoggerService; isDryRun?: boolean },
): MeshSession {
  const cluster = MeshCluster.connect(clusterNamed(config, clusterName));
  const dryRun = Boolean(ctx.isDryRun);
  if (dryRun) {
    ctx.logger.info(
      `Dry run on cluster '${clusterName}': the API server checks every write (dryRun=All) and nothing is stored`,
    );
  }
  return {
    cluster,
    applier: new Applier(cluster, ctx.logger, dryRun),
    dryRun,
    logger: ctx.logger,
    async waitFor(options) {
      if (dryRun) {
        ctx.logger.info(
          `Would wait up to ${options.timeoutSeconds}s for ${options.what}`,
        );
        return;
      }
      await waitFor({ ...options, logger: ctx.logger });
    },
  };
}
