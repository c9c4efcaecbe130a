import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readTlsOptions } from '../http/tlsOptions';
import { KialiSettings, KialiStrategy } from '../kiali/kialiClient';
import { PrometheusSettings } from '../prometheus/prometheusClient';

export interface ClusterMeshSettings {
  name: string;
  kiali?: KialiSettings & { publicUrl: string };
  prometheus?: PrometheusSettings;
  grafanaUrl?: string;
  jaegerUrl?: string;
}

export interface MeshSettings {
  cacheTtlMs: number;
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
          },
        }
      : {}),
    grafanaUrl: config.getOptionalString('grafana.url'),
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
  return {
    cacheTtlMs: (section?.getOptionalNumber('cacheTtlSeconds') ?? 5) * 1000,
    requestTimeoutMs,
    driftThresholdPercent:
      section?.getOptionalNumber('driftThresholdPercent') ?? 10,
    clusters,
  };
}
