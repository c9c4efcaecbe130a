import {
  HealthRateRule,
  KialiEntityHealth,
  KialiHealth,
  kialiComputedHealth,
  noHealthYet,
  serviceHealthFromRequests,
  workloadHealthFromRequests,
} from '@service-mesh/plugin-service-mesh-common';
import { UpstreamError } from '../http/httpRequest';
import { TlsOptions } from '../http/tlsOptions';
import { KialiServerFacts, atLeast, probeKialiServer } from './kialiServer';
import { KialiSession, KialiStrategy } from './kialiSession';

export type { KialiStrategy } from './kialiSession';
export { parseKialiVersion } from './kialiServer';

export interface KialiSettings {
  url: string;
  strategy: KialiStrategy;
  /** The token sent as Bearer (openshift) or used to log in (token); never logged. */
  token?: string;
  tls: TlsOptions;
  timeoutMs: number;
  /** The rate interval of health queries, e.g. `1m` (Kiali 2.22+ uses its own window). */
  rateInterval: string;
  /** The name a multi-cluster Kiali knows this cluster by. */
  clusterName: string;
  /** `health_config.rate` rules given here; else Kiali's own (/api/config); Kiali's defaults come last. */
  healthRates?: HealthRateRule[];
  /** The config key of this Kiali, for messages. */
  configKey: string;
}

/**
 * Kiali's health of a namespace's services and workloads, by name.
 *
 * @public
 */
export interface NamespaceHealth {
  services: Record<string, KialiHealth>;
  workloads: Record<string, KialiHealth>;
  /** Kiali 2.22+ answered with no entry at all (its health cache is still empty): when it was asked. */
  noHealthYetAt?: string;
}

/** An entity's health in a namespace's answer, or "no health yet" when Kiali had none. */
export function healthIn(
  health: NamespaceHealth | undefined,
  kind: 'services' | 'workloads',
  name: string,
): KialiHealth | undefined {
  if (!health) return undefined;
  return (
    health[kind][name] ??
    (health.noHealthYetAt ? noHealthYet(health.noHealthYetAt) : undefined)
  );
}

const FACTS_TTL_MS = 10 * 60 * 1000;
type HealthType = 'service' | 'workload';
const clusterKeys: Record<HealthType, string> = {
  service: 'namespaceServiceHealth',
  workload: 'namespaceWorkloadHealth',
};

/**
 * Kiali's REST API for the status: per namespace one health call for its
 * services and one for its workloads, on the routes of the server's version
 * (1.82+ moved them under /api/clusters), with `clusterName` when Kiali is
 * multi-cluster. Before 2.22 the health is computed from the request rates
 * as Kiali's UI computes it; from 2.22 Kiali's own status is taken.
 */
export class KialiClient {
  private readonly session: KialiSession;
  private facts?: { value: Promise<KialiServerFacts>; at: number };

  constructor(readonly settings: KialiSettings) {
    this.session = new KialiSession(settings);
  }

  async namespaceHealth(
    namespace: string,
    now = new Date(),
  ): Promise<NamespaceHealth> {
    const facts = await this.serverFacts();
    const [services, workloads] = await Promise.all([
      this.rawHealth(facts, namespace, 'service'),
      this.rawHealth(facts, namespace, 'workload'),
    ]);
    const ownStatus = atLeast(facts.version, 2, 22);
    const rules = this.settings.healthRates ?? facts.healthRates;
    const judge = (
      type: HealthType,
      entries: Record<string, KialiEntityHealth>,
    ): Record<string, KialiHealth> => {
      const result: Record<string, KialiHealth> = {};
      for (const [name, health] of Object.entries(entries)) {
        const context = { namespace, name, rules };
        result[name] =
          (ownStatus ? kialiComputedHealth(health) : undefined) ??
          (type === 'service'
            ? serviceHealthFromRequests(health?.requests, context)
            : workloadHealthFromRequests(health ?? {}, context));
      }
      return result;
    };
    const empty =
      Object.keys(services).length === 0 && Object.keys(workloads).length === 0;
    return {
      services: judge('service', services),
      workloads: judge('workload', workloads),
      ...(ownStatus && empty ? { noHealthYetAt: now.toISOString() } : {}),
    };
  }

  /**
   * Kiali's workload graph of a namespace over the last `durationSeconds`
   * (its cytoscape JSON), with the mTLS share of each edge; `clusterName`
   * as for health when Kiali is multi-cluster.
   */
  async workloadGraph(namespace: string, durationSeconds: number) {
    const facts = await this.serverFacts();
    const query = new URLSearchParams({
      namespaces: namespace,
      graphType: 'workload',
      duration: `${durationSeconds}s`,
      injectServiceNodes: 'false',
      appenders: 'securityPolicy',
    });
    const cluster = this.clusterParam(facts);
    if (cluster) query.set('clusterName', cluster);
    return this.getJson(`/api/namespaces/graph?${query}`, facts.strategy);
  }

  private async rawHealth(
    facts: KialiServerFacts,
    namespace: string,
    type: HealthType,
  ): Promise<Record<string, KialiEntityHealth>> {
    const query = new URLSearchParams({
      type,
      rateInterval: this.settings.rateInterval,
    });
    const cluster = this.clusterParam(facts);
    if (cluster) query.set('clusterName', cluster);
    if (atLeast(facts.version, 1, 82)) {
      query.set('namespaces', namespace);
      const body = await this.getJson(
        `/api/clusters/health?${query}`,
        facts.strategy,
      );
      return body?.[clusterKeys[type]]?.[namespace] ?? {};
    }
    return (
      (await this.getJson(
        `/api/namespaces/${encodeURIComponent(namespace)}/health?${query}`,
        facts.strategy,
      )) ?? {}
    );
  }

  /** The cluster to name, for a multi-cluster Kiali; fails when this one is not among its clusters. */
  private clusterParam(facts: KialiServerFacts): string | undefined {
    if (facts.clusters.length <= 1) return undefined;
    const name = this.settings.clusterName;
    if (facts.clusters.includes(name)) return name;
    throw new UpstreamError(
      `Kiali manages the clusters ${facts.clusters.join(
        ', ',
      )}, none named ${name}: set ${
        this.settings.configKey
      }.clusterName to the one this is`,
    );
  }

  private serverFacts(): Promise<KialiServerFacts> {
    if (!this.facts || Date.now() - this.facts.at > FACTS_TTL_MS) {
      const value = probeKialiServer(this.session, this.settings);
      value.catch(() => {
        if (this.facts?.value === value) this.facts = undefined;
      });
      this.facts = { value, at: Date.now() };
    }
    return this.facts.value;
  }

  private async getJson(path: string, strategy: KialiStrategy): Promise<any> {
    const response = await this.session.get(path, strategy);
    const route = path.split('?')[0];
    if (response.status === 401 || response.status === 403) {
      // the server may have changed its strategy or lost our session: probe again next time
      this.facts = undefined;
    }
    if (response.status !== 200) {
      throw new UpstreamError(
        `Kiali answered HTTP ${response.status} for ${route}`,
      );
    }
    try {
      return JSON.parse(response.body);
    } catch {
      throw new UpstreamError(
        `Kiali answered ${route} with a body that is not JSON`,
      );
    }
  }
}
