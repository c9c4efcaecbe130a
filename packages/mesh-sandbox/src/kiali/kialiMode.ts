import { SandboxTokens } from '../server/auth';
import { IstioTelemetry } from '../traffic/istioTelemetry';

export type KialiStrategy = 'openshift' | 'token' | 'anonymous';

export interface KialiOptions {
  /** Istio metrics the health and graph endpoints read (MeshTraffic.telemetry). */
  telemetry: IstioTelemetry;
  /** The Kiali server version to imitate (default v1.73.22, as OSSM 2.5/2.6 ship). */
  version?: string;
  /** Login style (default openshift: a Bearer token on every request). */
  strategy?: KialiStrategy;
  /** Lifetime of a token-strategy session (default 86400 s, Kiali's default). */
  sessionSeconds?: number;
  /** Tokens Kiali accepts (default: the sandbox's). */
  tokens?: SandboxTokens;
  /** Longest value of one session cookie before Kiali splits it into chunks (default 3584, Kiali's). */
  sessionCookieChunkSize?: number;
}

/** What the endpoints of one Kiali version look like. */
export class KialiDialect {
  readonly major: number;
  readonly minor: number;

  constructor(readonly version: string) {
    const match = version.match(/^v?(\d+)\.(\d+)/);
    if (!match) throw new Error(`not a Kiali version: ${version}`);
    this.major = Number(match[1]);
    this.minor = Number(match[2]);
  }

  private atLeast(major: number, minor: number) {
    return this.major > major || (this.major === major && this.minor >= minor);
  }

  /** `/api/namespaces/{ns}/workloads|services` were replaced by `/api/clusters/*` in 1.83. */
  get clusterLists() {
    return this.atLeast(1, 83);
  }

  /** `/api/namespaces/{ns}/health` was replaced by `/api/clusters/health` in 1.82. */
  get clusterHealth() {
    return this.atLeast(1, 82);
  }

  /** Lists name the ambient flag `isAmbient` from 1.87, `istioAmbient` before. */
  get ambientKey() {
    return this.atLeast(1, 87) ? 'isAmbient' : 'istioAmbient';
  }

  /** Workload list items carry a GVK (and gateway, waypoint, ztunnel flags) instead of `type` from 2.11. */
  get gvkWorkloads() {
    return this.atLeast(2, 11);
  }

  /** 2.x serialises validation summaries as an array and keys objects by GVK. */
  get v2() {
    return this.major >= 2;
  }

  /** The session cookie: `kiali-token-aes` in 1.x, per cluster in 2.x. */
  get cookieName() {
    return this.v2 ? 'kiali-token-Kubernetes' : 'kiali-token-aes';
  }

  /** The cookie of session chunk i (from 1) when a session is split. */
  chunkCookieName(i: number) {
    return `${this.cookieName}-${i}`;
  }

  /** The cookie counting a split session's chunks. */
  get chunksCookieName() {
    return this.v2 ? 'kiali-token-chunks-Kubernetes' : 'kiali-token-chunks';
  }
}
