import * as k8s from '@kubernetes/client-node';
import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  decideRolloutStep,
  LABEL_ROLLOUT_PHASE,
  RolloutDecision,
  RolloutEventKind,
  RolloutRouteKind,
} from '@service-mesh/plugin-service-mesh-common';
import {
  applyConflictsOf,
  canaryMetricsService,
  ClusterConnection,
  describeApplyConflicts,
  describeKubeError,
  kubeConfigFor,
  ROLLOUT_ROUTE_KINDS,
  StoredRollout,
  storedRolloutOf,
  writeRolloutTransition,
} from '@service-mesh/plugin-service-mesh-node';
import { PrometheusClient } from '../prometheus/prometheusClient';
import { canaryCheckResults } from './canaryChecks';

/** What one pass did with one rollout. */
export interface RolloutTickOutcome {
  cluster: string;
  namespace: string;
  /** The route object that keeps the rollout: `VirtualService front-end`, `HTTPRoute web`. */
  route: string;
  /** `wrote` a new state; `waited` with nothing to write; `lost` a race to another writer; `failed`. */
  outcome: 'wrote' | 'waited' | 'lost' | 'failed';
  message: string;
}

const NO_TRAFFIC = {
  requests: 0,
  successRatePercent: null,
  p99LatencyMs: null,
};

function eventKind(decision: RolloutDecision): RolloutEventKind {
  if (decision.action !== 'wait') return decision.action;
  return decision.reason === 'inconclusive' ? 'inconclusive' : 'check';
}

/**
 * Steps every progressing rollout of the configured clusters once. Run on
 * the scheduler (one runner across replicas); every write is conditional on
 * the route object's resourceVersion, so even two runners at once take each
 * step once. All state is on the VirtualService or HTTPRoute: a restarted
 * backend goes on where the last one stopped.
 */
export class RolloutRunner {
  constructor(
    private readonly options: {
      clusters: ClusterConnection[];
      prometheusOf: (cluster: string) => PrometheusClient | undefined;
      logger: LoggerService;
      auditor?: AuditorService;
      now?: () => Date;
    },
  ) {}

  async tick(): Promise<RolloutTickOutcome[]> {
    const outcomes = await Promise.all(
      this.options.clusters.map(cluster => this.tickCluster(cluster)),
    );
    return outcomes.flat();
  }

  private async tickCluster(
    cluster: ClusterConnection,
  ): Promise<RolloutTickOutcome[]> {
    const kc = kubeConfigFor(cluster);
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const outcomes: RolloutTickOutcome[] = [];
    for (const { kind, api } of ROLLOUT_ROUTE_KINDS) {
      let items: any[];
      try {
        const list: any = await custom.listClusterCustomObject({
          ...api,
          labelSelector: `${LABEL_ROLLOUT_PHASE}=progressing`,
        });
        items = list.items ?? [];
      } catch (error) {
        // a cluster without Gateway API serves no HTTPRoutes: nothing to step there
        if ((error as any)?.code === 404 && kind === 'HTTPRoute') continue;
        this.options.logger.warn(
          `rollouts: cannot list ${api.plural} of cluster ${cluster.name}: ${
            describeKubeError(error).message
          }`,
        );
        continue;
      }
      for (const object of items) {
        outcomes.push(await this.step(cluster.name, kc, kind, object));
      }
    }
    return outcomes;
  }

  private async step(
    cluster: string,
    kc: k8s.KubeConfig,
    kind: RolloutRouteKind,
    object: any,
  ): Promise<RolloutTickOutcome> {
    const where = {
      cluster,
      namespace: object.metadata.namespace,
      route: `${kind} ${object.metadata.name}`,
    };
    const now = this.options.now?.() ?? new Date();
    let stored: StoredRollout;
    try {
      stored = storedRolloutOf(kind, object)!;
    } catch (error) {
      return this.failed(where, (error as Error).message);
    }
    const { plan, state } = stored.record;
    // Prometheus is asked only once an interval has passed.
    const early = decideRolloutStep(plan, state, NO_TRAFFIC, now);
    if (early.action === 'wait' && early.reason === 'interval') {
      return { ...where, outcome: 'waited', message: early.message };
    }
    const prometheus = this.options.prometheusOf(cluster);
    if (!prometheus) {
      return this.failed(
        where,
        `cluster ${cluster} has no Prometheus configured (serviceMesh.clusters[].prometheus), so the rollout's checks cannot run`,
      );
    }
    let decision: RolloutDecision;
    try {
      const results = await canaryCheckResults(
        prometheus,
        {
          namespace: where.namespace,
          service: canaryMetricsService(stored),
          version: plan.canary.version,
        },
        plan.checks.interval,
      );
      decision = decideRolloutStep(plan, state, results, now);
      const timelineKind = eventKind(decision);
      const written = await writeRolloutTransition(kc, stored, decision.state, {
        at: now.toISOString(),
        kind: timelineKind,
        weight: decision.state.weight,
        message: decision.message,
        results,
      });
      await this.audit(where, timelineKind, decision, written);
    } catch (error) {
      const conflicts = applyConflictsOf(error);
      if (conflicts.length > 0) {
        return this.failed(
          where,
          `${describeApplyConflicts(
            conflicts,
          )}; the rollout does not take fields from another manager`,
        );
      }
      if ((error as any)?.code === 409) {
        return {
          ...where,
          outcome: 'lost',
          message: `the ${kind} changed meanwhile; the next pass reads it again`,
        };
      }
      return this.failed(
        where,
        describeKubeError(error).message ?? String(error),
      );
    }
    return { ...where, outcome: 'wrote', message: decision.message };
  }

  private async audit(
    where: Omit<RolloutTickOutcome, 'outcome' | 'message'>,
    kind: RolloutEventKind,
    decision: RolloutDecision,
    written: any,
  ) {
    if (!this.options.auditor) return;
    const event = await this.options.auditor.createEvent({
      eventId: 'rollout-step',
      severityLevel:
        kind === 'check' || kind === 'inconclusive' ? 'low' : 'medium',
      meta: {
        ...where,
        action: kind,
        weight: decision.state.weight,
        message: decision.message,
        resourceVersion: written?.metadata?.resourceVersion,
      },
    });
    await event.success();
  }

  private failed(
    where: Omit<RolloutTickOutcome, 'outcome' | 'message'>,
    message: string,
  ): RolloutTickOutcome {
    this.options.logger.warn(
      `rollout on ${where.route} in ${where.namespace} (cluster ${where.cluster}): ${message}`,
    );
    return { ...where, outcome: 'failed', message };
  }
}
