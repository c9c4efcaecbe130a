import { ObjectApi } from './k8s/objectApi';
import { Scheduler } from './scheduler';
import { SandboxTokens } from './server/auth';
import { RouteHandler } from './server/http';

export interface SandboxSettings {
  /** How long simulated operators take per step (pods becoming ready, ...). */
  delayMs: number;
  /** The wildcard domain of Routes: hosts look like `front-end-user1-sockshop.<appsDomain>`. */
  appsDomain: string;
  /** Requests per second of synthetic load entering each front-end Route. */
  trafficRps: number;
  /** The sandbox's own URL, for links (Kiali, Grafana, Jaeger Routes). */
  url: string;
}

/** What a simulated operator or traffic generator gets to work with. */
export interface SandboxContext {
  api: ObjectApi;
  scheduler: Scheduler;
  settings: SandboxSettings;
  /** The bearer tokens the sandbox accepts (route probes and Kiali check them too). */
  tokens: SandboxTokens;
  log: (message: string) => void;
  /** Adds an HTTP handler (Kiali API, /metrics, route probes) to the server. */
  addHandler: (handler: RouteHandler) => void;
}

/** One simulated operator or service: starts watching, returns how to stop. */
export interface Controller {
  name: string;
  start(context: SandboxContext): void | (() => void);
}
