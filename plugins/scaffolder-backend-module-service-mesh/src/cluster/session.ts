import { LoggerService } from '@backstage/backend-plugin-api';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import * as k8s from '@kubernetes/client-node';
import {
  kubeConfigFor,
  MeshWriteAuthorizer,
} from '@service-mesh/plugin-service-mesh-node';
import { Applier } from './applier';
import { ActionWrite, authorizeWrite } from './authorizeWrite';
import { clusterNamed } from './clusters';
import { MeshCluster } from './meshCluster';
import { Observation, waitFor } from './wait';

/** What one action run uses: the cluster, an applier and whether it is a dry run. */
export interface MeshSession {
  cluster: MeshCluster;
  /** The same connection, for the service-mesh-node calls that take a KubeConfig. */
  kubeConfig: k8s.KubeConfig;
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

/**
 * What every action is created with.
 *
 * @public
 */
export interface MeshActionOptions {
  config: Config;
  /** The one authorization rule for writes to a namespace. */
  authorizer: MeshWriteAuthorizer;
}

/**
 * Connects to the named cluster; with `writes`, first authorizes what the
 * action will write (see authorizeWrite), before any cluster call.
 */
export async function openSession(
  actionOptions: MeshActionOptions,
  clusterName: string,
  ctx: {
    logger: LoggerService;
    isDryRun?: boolean;
    getInitiatorCredentials(): Promise<BackstageCredentials>;
  },
  writes?: Omit<ActionWrite, 'cluster'>,
): Promise<MeshSession> {
  const connection = clusterNamed(actionOptions.config, clusterName);
  if (writes) {
    await authorizeWrite(actionOptions.authorizer, ctx, {
      ...writes,
      cluster: clusterName,
    });
  }
  const kubeConfig = kubeConfigFor(connection, 'scaffolder');
  const cluster = new MeshCluster(connection.name, kubeConfig);
  const dryRun = Boolean(ctx.isDryRun);
  if (dryRun) {
    ctx.logger.info(
      `Dry run on cluster '${clusterName}': the API server checks every write (dryRun=All) and nothing is stored`,
    );
  }
  return {
    cluster,
    kubeConfig,
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
