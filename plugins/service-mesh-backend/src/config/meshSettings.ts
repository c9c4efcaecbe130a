import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readTlsOptions } from '../http/tlsOptions';
import {
  HealthRateRule,
  rateRuleProblems,
} from '@service-mesh/plugin-service-mesh-common';
import { KialiSettings, KialiStrategy } from '../kiali/kialiClient';
import { PrometheusSettings } from '../prometheus/prometheusClient';

export interface ClusterMeshSettings {
  name: string;
  kiali?: KialiSettings & { publicUrl: string };
  prometheus?: PrometheusSettings;
  grafanaUrl?: string;
  /** URL templates with `{namespace}` and `{name}` of a Flagger Canary or an Argo Rollout. */
  deliveryLinks?: { flagger?: string; argoRollouts?: string };
  jaegerUrl?: string;
}

/** `serviceMesh.watch`: the status from watches (see README). */
export interface WatchConfig {
  enabled: boolean;
  idleStopMs: number;
  maxObjectsPerCluster: number;
  syncTimeoutMs: number;
  backoffMs: { initial: number; max: number };
  watchTimeoutSeconds: number;
  /** Prometheus and Kiali are read every this many ms per namespace in view. */
  telemetryIntervalMs: number;
  /** How long `?sinceVersion=` waits for a change. */
  longPollMs: number;
}

/** `serviceMesh.rollouts`: the canary rollout runner (see README). */
export interface RolloutsConfig {
  enabled: boolean;
  /** How often the runner looks at every progressing rollout. */
  checkFrequencySeconds: number;
}

export interface MeshSettings {
  cacheTtlMs: number;
  rollouts: RolloutsConfig;
  watch: WatchConfig;
  requestTimeoutMs: number;
  driftThresholdPercent: number;
  clusters: Map<string, ClusterMeshSettings>;
}

const strategies: KialiStrategy[] = ['openshift', 'token', 'anonymous'];
const durationPattern = /^\d+(ms|s|m|h)$/;

function duration(config: Config, key: string, fallback: string): string {
  const value = config.getOptionalString(key) ?? fallback;
  if (!durationPattern.test(value)) {
    throw new InputError(
      `serviceMesh: ${key} must be a Prometheus duration like 1m or 30s, got "${value}"`,
    );
  }
  return value;
}

/** `kiali.healthConfig.rate`, as in the Kiali CR's `health_config.rate`; bad entries fail naming them. */
function healthRates(
  kiali: Config,
  name: string,
): HealthRateRule[] | undefined {
  const rate = kiali.getOptionalConfigArray('healthConfig.rate');
  if (!rate) return undefined;
  const rules: HealthRateRule[] = rate.map(r => ({
    namespace: r.getOptionalString('namespace'),
    kind: r.getOptionalString('kind'),
    name: r.getOptionalString('name'),
    tolerance: (r.getOptionalConfigArray('tolerance') ?? []).map(t => ({
      code: t.getString('code'),
      degraded: t.getOptionalNumber('degraded') ?? 0,
      failure: t.getOptionalNumber('failure') ?? 0,
      protocol: t.getOptionalString('protocol'),
      direction: t.getOptionalString('direction'),
    })),
  }));
  const problems = rateRuleProblems(rules);
  if (problems.length > 0)
    throw new InputError(
      `serviceMesh.clusters[${name}].kiali.healthConfig.rate${problems[0]}`,
    );
  return rules;
}

/** `deliveryLinks`: http(s) URL templates; a bad one fails at startup naming its key. */
function deliveryLinks(config: Config, name: string) {
  const links: { flagger?: string; argoRollouts?: string } = {};
  for (const tool of ['flagger', 'argoRollouts'] as const) {
    const template = config.getOptionalString(`deliveryLinks.${tool}`);
    if (template === undefined) continue;
    if (!/^https?:\/\/\S+$/.test(template))
      throw new InputError(
        `serviceMesh.clusters[${name}].deliveryLinks.${tool} must be an http(s) URL template such as https://rollouts.example.com/rollouts/rollout/{namespace}/{name}, got "${template}"`,
      );
    links[tool] = template;
  }
  return links;
}

function clusterSettings(
  config: Config,
  timeoutMs: number,
): ClusterMeshSettings {
  const name = config.getString('name');
  const kiali = config.getOptionalConfig('kiali');
  const prometheus = config.getOptionalConfig('prometheus');
  const strategy = (kiali?.getOptionalString('strategy') ??
    'openshift') as KialiStrategy;
  if (kiali && !strategies.includes(strategy)) {
    throw new InputError(
      `serviceMesh.clusters[${name}].kiali.strategy must be one of ${strategies.join(
        ', ',
      )}, got "${strategy}"`,
    );
  }
  const prometheusToken = prometheus?.getOptionalString('token');
  return {
    name,
    ...(kiali
      ? {
          kiali: {
            url: kiali.getString('url'),
            publicUrl:
              kiali.getOptionalString('publicUrl') ?? kiali.getString('url'),
            strategy,
            token: kiali.getOptionalString('token'),
            tls: readTlsOptions(kiali),
            timeoutMs,
            rateInterval: duration(kiali, 'rateInterval', '1m'),
            clusterName: kiali.getOptionalString('clusterName') ?? name,
            healthRates: healthRates(kiali, name),
            configKey: `serviceMesh.clusters[${name}].kiali`,
          },
        }
      : {}),
    ...(prometheus
      ? {
          prometheus: {
            url: prometheus.getString('url'),
            headers: {
              ...(prometheus.getOptional<Record<string, string>>('headers') ??
                {}),
              ...(prometheusToken
                ? { Authorization: `Bearer ${prometheusToken}` }
                : {}),
            },
            tls: readTlsOptions(prometheus),
            window: duration(prometheus, 'window', '1m'),
            timeoutMs,
            tenancy: prometheus.getOptionalBoolean('tenancy') ?? false,
            configKey: `serviceMesh.clusters[${name}].prometheus`,
          },
        }
      : {}),
    grafanaUrl: config.getOptionalString('grafana.url'),
    deliveryLinks: deliveryLinks(config, name),
    jaegerUrl: config.getOptionalString('jaeger.url'),
  };
}

/** The `serviceMesh` section, with defaults; bad values fail at startup naming the key. */
export function readMeshSettings(config: Config): MeshSettings {
  const section = config.getOptionalConfig('serviceMesh');
  const requestTimeoutMs =
    section?.getOptionalNumber('requestTimeoutMs') ?? 3000;
  const clusters = new Map(
    (section?.getOptionalConfigArray('clusters') ?? []).map(c => {
      const settings = clusterSettings(c, requestTimeoutMs);
      return [settings.name, settings] as const;
    }),
  );
  const watch = section?.getOptionalConfig('watch');
  const positive = (key: string, fallback: number) => {
    const value = watch?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0))
      throw new InputError(
        `serviceMesh.watch.${key} must be a positive number, got ${value}`,
      );
    return value;
  };
  const rollouts = section?.getOptionalConfig('rollouts');
  const checkFrequencySeconds =
    rollouts?.getOptionalNumber('checkFrequencySeconds') ?? 10;
  if (!Number.isInteger(checkFrequencySeconds) || checkFrequencySeconds < 1)
    throw new InputError(
      `serviceMesh.rollouts.checkFrequencySeconds must be a whole number of seconds, 1 or more, got ${checkFrequencySeconds}`,
    );
  return {
    rollouts: {
      enabled: rollouts?.getOptionalBoolean('enabled') ?? true,
      checkFrequencySeconds,
    },
    watch: {
      enabled: watch?.getOptionalBoolean('enabled') ?? false,
      idleStopMs: positive('idleStopSeconds', 300) * 1000,
      maxObjectsPerCluster: positive('maxObjectsPerCluster', 50_000),
      syncTimeoutMs: requestTimeoutMs,
      backoffMs: {
        initial: positive('backoffInitialMs', 200),
        max: positive('backoffMaxMs', 30_000),
      },
      watchTimeoutSeconds: positive('watchTimeoutSeconds', 300),
      telemetryIntervalMs: positive('scrapeIntervalSeconds', 15) * 1000,
      longPollMs: positive('longPollSeconds', 25) * 1000,
    },
    cacheTtlMs: (section?.getOptionalNumber('cacheTtlSeconds') ?? 5) * 1000,
    requestTimeoutMs,
    driftThresholdPercent:
      section?.getOptionalNumber('driftThresholdPercent') ?? 10,
    clusters,
  };
}
