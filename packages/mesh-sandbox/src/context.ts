import { KubeClient } from './client/kubeClient';
import { K8sObject } from './k8s/types';
import { ClusterCache } from './operators/clusterCache';
import { Scheduler } from './scheduler';
import { SandboxTokens } from './server/auth';
import { RouteHandler } from './server/http';

export interface SandboxSettings {
  /** The wildcard domain of Routes: hosts look like `front-end-user1-sockshop.<appsDomain>`. */
  appsDomain: string;
  /** Requests per second of synthetic load entering each front-end Route. */
  trafficRps: number;
  /** The sandbox's own URL, for links (Kiali, Grafana, Jaeger Routes). */
  url: string;
}

/** What the API server sends a mutating admission webhook. */
export interface AdmissionRequest {
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  namespace?: string;
  object: K8sObject;
  oldObject?: K8sObject;
  dryRun: boolean;
}

/**
 * A mutating admission webhook the simulators serve (sidecar injection, Route
 * host defaulting): registered with the API server in a
 * MutatingWebhookConfiguration that calls the sandbox over HTTPS.
 */
export interface MutatingWebhook {
  /** A qualified name, e.g. `sidecar-injector.maistra.io`. */
  name: string;
  rules: {
    apiGroups: string[];
    apiVersions: string[];
    resources: string[];
    operations: AdmissionRequest['operation'][];
  }[];
  namespaceSelector?: Record<string, unknown>;
  /** The object to admit instead, or undefined to admit it unchanged. */
  mutate(request: AdmissionRequest): K8sObject | undefined;
}

/**
 * A CRD conversion webhook of an operator the cluster comes with (the Service
 * Mesh operator's, between ServiceMeshControlPlane v1 and v2).
 */
export interface ConversionWebhook {
  /** The CRD's name, e.g. `servicemeshcontrolplanes.maistra.io`. */
  crd: string;
  /** The object in the API version asked for (`maistra.io/v1`). */
  convert(object: K8sObject, desiredApiVersion: string): K8sObject;
  /**
   * A spec at a non-storage version that only survives a round trip through
   * the webhook: how a registration sees the API server has taken it up.
   */
  probe: {
    apiVersion: string;
    spec: Record<string, unknown>;
    survives(spec: any): boolean;
  };
}

/** What a simulated operator or traffic generator gets to work with. */
export interface SandboxContext {
  /** The real API server, with the sandbox's cluster-admin token. */
  client: KubeClient;
  /** The cluster as the simulators' informers see it. */
  cache: ClusterCache;
  scheduler: Scheduler;
  settings: SandboxSettings;
  /** The bearer tokens the sandbox hands out (route probes and Kiali check them too). */
  tokens: SandboxTokens;
  log: (message: string) => void;
  /** Adds an HTTP handler (Kiali API, /metrics, route probes) to the sandbox's server. */
  addHandler: (handler: RouteHandler) => void;
  /** Registers a mutating admission webhook with the API server. */
  addWebhook: (webhook: MutatingWebhook) => void;
}

/** One simulated operator or service: starts watching, returns how to stop. */
export interface Controller {
  name: string;
  start(context: SandboxContext): void | (() => void);
}
