import { HealthRateRule } from '@service-mesh/plugin-service-mesh-common';
import { UpstreamError } from '../http/httpRequest';
import { KialiConnection, KialiSession, KialiStrategy } from './kialiSession';

/** What the plugin needs to know of one Kiali server, probed once in a while. */
export interface KialiServerFacts {
  /** [major, minor], undefined when /api/status gave no readable version. */
  version?: [number, number];
  /** The strategy the server uses (anonymous whatever is configured, when the server is anonymous). */
  strategy: KialiStrategy;
  /** `health_config.rate` from Kiali's /api/config, when it sends it (before 2.22). */
  healthRates?: HealthRateRule[];
  /** The clusters Kiali manages (more than one: a multi-cluster Kiali). */
  clusters: string[];
}

const supported: KialiStrategy[] = ['openshift', 'token', 'anonymous'];

/** `v1.73.4` -> [1, 73]; undefined when unreadable. */
export function parseKialiVersion(
  text: string | undefined,
): [number, number] | undefined {
  const match = text?.match(/v?(\d+)\.(\d+)/);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

export const atLeast = (
  version: [number, number] | undefined,
  major: number,
  minor: number,
) =>
  version !== undefined &&
  (version[0] > major || (version[0] === major && version[1] >= minor));

function parse(body: string, path: string): any {
  try {
    return JSON.parse(body);
  } catch {
    throw new UpstreamError(
      `Kiali answered ${path} with a body that is not JSON`,
    );
  }
}

/** Fails naming the configured and the server's strategy when they cannot work together. */
function effectiveStrategy(
  configured: KialiStrategy,
  server: unknown,
  configKey: string,
): KialiStrategy {
  if (server === 'anonymous') return 'anonymous';
  if (typeof server !== 'string' || !supported.includes(server as any))
    throw new UpstreamError(
      `Kiali uses the ${String(
        server,
      )} strategy; this plugin logs in with openshift, token or anonymous only`,
    );
  if (server !== configured)
    throw new UpstreamError(
      `Kiali uses the ${server} strategy but ${configKey}.strategy is ${configured}: set it to ${server}`,
    );
  return server as KialiStrategy;
}

function clusterNames(clusters: unknown): string[] {
  const entries = Array.isArray(clusters)
    ? clusters
    : Object.entries((clusters as Record<string, any>) ?? {}).map(
        ([name, value]) => ({ name, ...(value ?? {}) }),
      );
  return entries
    .map((c: any) => c?.name)
    .filter((n: unknown): n is string => typeof n === 'string' && n !== '');
}

function healthRates(config: any): HealthRateRule[] | undefined {
  const rate = config?.healthConfig?.rate;
  if (!Array.isArray(rate) || rate.length === 0) return undefined;
  return rate.map((r: any) => ({
    namespace: r.namespace || undefined,
    kind: r.kind || undefined,
    name: r.name || undefined,
    tolerance: (r.tolerance ?? []).map((t: any) => ({
      code: String(t.code ?? ''),
      degraded: Number(t.degraded ?? 0),
      failure: Number(t.failure ?? 0),
      protocol: t.protocol || undefined,
      direction: t.direction || undefined,
    })),
  }));
}

/**
 * Asks Kiali which strategy it uses (`/api/auth/info`, public), its version
 * (`/api/status`) and its health tolerances and clusters (`/api/config`).
 */
export async function probeKialiServer(
  session: KialiSession,
  connection: KialiConnection,
): Promise<KialiServerFacts> {
  const infoResponse = await session.getPublic('/api/auth/info');
  if (infoResponse.status !== 200)
    throw new UpstreamError(
      `Kiali answered HTTP ${infoResponse.status} for /api/auth/info`,
    );
  const strategy = effectiveStrategy(
    connection.strategy,
    parse(infoResponse.body, '/api/auth/info')?.strategy,
    connection.configKey,
  );
  const statusResponse = await session.get('/api/status', strategy);
  if (statusResponse.status !== 200)
    throw new UpstreamError(
      `Kiali answered HTTP ${statusResponse.status} for /api/status`,
    );
  const status = parse(statusResponse.body, '/api/status');
  // /api/config feeds Kiali's own UI; without it the defaults still apply.
  const configResponse = await session.get('/api/config', strategy);
  const config =
    configResponse.status === 200
      ? parse(configResponse.body, '/api/config')
      : undefined;
  return {
    version: parseKialiVersion(status?.status?.['Kiali version']),
    strategy,
    healthRates: healthRates(config),
    clusters: clusterNames(config?.clusters),
  };
}
