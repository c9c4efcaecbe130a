import { Server } from 'node:https';
import {
  ServingCertificate,
  makeServingCertificate,
} from './server/certificate';
import { SandboxContext, SandboxSettings, Controller } from './context';
import { kubeconfigYaml } from './kubeconfig';
import { ObjectApi } from './k8s/objectApi';
import { ResourceRegistry } from './k8s/registry';
import { ObjectStore } from './k8s/store';
import { Scheduler } from './scheduler';
import { SandboxTokens, defaultTokens } from './server/auth';
import { FaultInjector } from './server/faults';
import { RouteHandler } from './server/http';
import { serverPort, startHttpsServer } from './server/sandboxServer';
import { RequestStats } from './server/stats';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The serving certificate; a fresh self-signed one when unset. */
  certificate?: ServingCertificate;
  tokens?: Partial<SandboxTokens>;
  delayMs?: number;
  appsDomain?: string;
  trafficRps?: number;
  /** Simulated operators and services to run. */
  controllers?: Controller[];
  /** Seeds the cluster once the controllers run. */
  seed?: (context: SandboxContext) => void;
  log?: (message: string) => void;
}

/** A running sandbox cluster. */
export interface Sandbox {
  url: string;
  /** PEM of the CA that signed the sandbox's serving certificate. */
  caCertificate: string;
  port: number;
  tokens: SandboxTokens;
  api: ObjectApi;
  stats: RequestStats;
  faults: FaultInjector;
  settings: SandboxSettings;
  /** Resolves when every simulated operator has caught up. */
  settle(timeoutMs?: number): Promise<void>;
  /** A kubeconfig for the read-write token (or another access level). */
  kubeconfig(access?: keyof SandboxTokens): string;
  stop(): Promise<void>;
}

export async function startSandbox(
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const tokens = { ...defaultTokens, ...options.tokens };
  const store = new ObjectStore();
  const registry = new ResourceRegistry(store);
  const api = new ObjectApi(store, registry);
  const stats = new RequestStats();
  const faults = new FaultInjector();
  const log = options.log ?? (() => {});
  const scheduler = new Scheduler((key, error) =>
    log(`controller job ${key} failed: ${(error as Error)?.stack ?? error}`),
  );
  const handlers: RouteHandler[] = [];

  const host = options.host ?? '127.0.0.1';
  const certificate =
    options.certificate ?? makeServingCertificate([host, 'localhost']);
  const server: Server = await startHttpsServer(
    { api, tokens, stats, faults, handlers },
    certificate,
    options.port ?? 0,
    host,
  );
  const port = serverPort(server);
  const url = `https://${host}:${port}`;
  const settings: SandboxSettings = {
    delayMs: options.delayMs ?? 0,
    appsDomain: options.appsDomain ?? 'apps.sandbox.local',
    trafficRps: options.trafficRps ?? 20,
    url,
  };
  const context: SandboxContext = {
    api,
    scheduler,
    settings,
    tokens,
    log,
    addHandler: handler => handlers.push(handler),
  };
  const stops: (() => void)[] = [];
  for (const controller of options.controllers ?? []) {
    const stop = controller.start(context);
    if (stop) stops.push(stop);
  }
  options.seed?.(context);

  return {
    url,
    caCertificate: certificate.cert,
    port,
    tokens,
    api,
    stats,
    faults,
    settings,
    settle: timeoutMs => scheduler.settle(timeoutMs),
    kubeconfig: (access = 'write') =>
      kubeconfigYaml({
        url,
        token: tokens[access],
        caCertificate: certificate.cert,
      }),
    async stop() {
      scheduler.stop();
      stops.forEach(stop => stop());
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
