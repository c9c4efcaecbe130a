import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Applier } from './applier';
import { clusterNamed } from './clusters';
import { MeshCluster } from './meshCluster';

/** What one action run uses: the cluster, an applier and whether it is a dry run. */
export interface MeshSession {
  cluster: MeshCluster;
  applier: Applier;
  dryRun: boolean;
  logger: LoggerService;
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
  };
}
