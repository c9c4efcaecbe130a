import { matchesLabelSelector } from '../k8s/labelSelector';
import { K8sObject } from '../k8s/types';
import { Balancers } from './balancer';
import {
  destinationRuleFor,
  subsetOf,
  trafficPolicyOf,
} from './destinationRules';
import { Hop, responseCodeOf, serviceTimeMs, timeouts } from './hop';
import { gatewayHostAdmits, serviceFqdn, serviceOfHost } from './hosts';
import { MeshSnapshot } from './meshView';
import {
  TrafficSource,
  ingressVerdict,
  openshiftRouter,
  podSource,
} from './networkPolicy';
import {
  hasEnvoy,
  isAmbient,
  isGatewayPod,
  isReady,
  workloadOf,
} from './podFacts';
import {
  backendsOf,
  gatewayOfPod,
  httpRoutesFor,
  matchingRule,
  waypointFor,
} from './httpRoutes';
import { routeForHost } from './routes';
import {
  destinationsOf,
  gatewayVirtualServices,
  matchingHttpRoute,
  meshVirtualServiceFor,
} from './virtualServices';

const ROUTER = 'openshift-router';

/** Ready pods a Service selects, narrowed by a subset's labels. */
export function endpointsOf(
  snapshot: MeshSnapshot,
  service: K8sObject,
  subsetLabels: Record<string, string> = {},
): K8sObject[] {
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return [];
  return snapshot
    .in('pods', service.metadata.namespace!)
    .filter(
      pod =>
        isReady(pod) &&
        matchesLabelSelector(
          { matchLabels: { ...selector, ...subsetLabels } },
          pod.metadata.labels,
        ),
    );
}

/**
 * Envoy's outlier detection in its steady state: endpoints that keep answering
 * 5xx are ejected, at most maxEjectionPercent of them but always at least one.
 */
function withoutEjected(pods: K8sObject[], outlierDetection: any) {
  if (!outlierDetection) return pods;
  const failing = pods.filter(p => responseCodeOf(p) >= 500);
  const percent = Number(outlierDetection.maxEjectionPercent ?? 10);
  const limit = Math.max(1, Math.floor((pods.length * percent) / 100));
  const ejected = new Set(failing.slice(0, limit));
  return pods.filter(p => !ejected.has(p));
}

/** Marks the ends of a hop that ztunnel serves (ambient pods). */
function withAmbient(snapshot: MeshSnapshot, hop: Hop): Hop {
  const ambient = (pod: K8sObject | undefined) =>
    Boolean(
      pod && isAmbient(pod, snapshot.namespaceLabels(pod.metadata.namespace!)),
    );
  const sourceAmbient = ambient(hop.sourcePod);
  const destinationAmbient = ambient(hop.destinationPod);
  if (!sourceAmbient && !destinationAmbient) return hop;
  const waypointPod = destinationAmbient
    ? waypointFor(snapshot, hop.service, isReady)
    : undefined;
  return {
    ...hop,
    sourceAmbient,
    destinationAmbient,
    ...(waypointPod ? { waypointPod } : {}),
  };
}

const byName = (a: K8sObject, b: K8sObject) =>
  a.metadata.name!.localeCompare(b.metadata.name!);

/**
 * Decides where requests go and how they fail, from the objects alone. Each
 * resolver keeps its own load-balancer state, so callers that need exact
 * splits (the route probe, the load generator) do not disturb each other.
 */
export class TrafficResolver {
  private readonly balancers = new Balancers();

  constructor(private readonly appsDomain: string) {}

  /** A browser's request to a Route host: the router, then a gateway if any. */
  enterRoute(snapshot: MeshSnapshot, host: string, path: string): Hop[] {
    return this.routeHops(snapshot, host, path).map(hop =>
      withAmbient(snapshot, hop),
    );
  }

  /** A sidecar's, an ambient or a plain pod's call to a Service of its namespace by name. */
  callService(snapshot: MeshSnapshot, source: K8sObject, name: string): Hop {
    return withAmbient(snapshot, this.serviceHop(snapshot, source, name));
  }

  private routeHops(snapshot: MeshSnapshot, host: string, path: string): Hop[] {
    const route = routeForHost(snapshot, host, this.appsDomain);
    const failure = (reason: string, durationMs = 1): Hop[] => [
      {
        carrier: 'router',
        sourceNamespace: openshiftRouter.namespace,
        sourceName: ROUTER,
        destinationHost: host,
        status: 503,
        responseFlags: '-',
        durationMs,
        reason,
      },
    ];
    if (!route) return failure(`no Route admits host ${host}`);
    const ns = route.metadata.namespace!;
    const service = snapshot.find('services', ns, route.spec?.to?.name);
    if (!service)
      return failure(`Route ${ns}/${route.metadata.name} points to no Service`);
    const ready = endpointsOf(snapshot, service).sort(byName);
    if (ready.length === 0)
      return failure(
        `Service ${ns}/${service.metadata.name} has no ready pods`,
      );
    const reachable = ready.filter(
      pod => ingressVerdict(snapshot, pod, openshiftRouter).allowed,
    );
    if (reachable.length === 0) {
      const policies = ingressVerdict(
        snapshot,
        ready[0],
        openshiftRouter,
      ).policies;
      return failure(
        `the router cannot reach ${
          service.metadata.name
        }: NetworkPolicy ${policies.join(
          ', ',
        )} admits no traffic from openshift-ingress (pods not labelled maistra.io/expose-route=true)`,
        timeouts.routerConnectMs,
      );
    }
    const pod = this.balancers.roundRobin(
      `route:${ns}/${route.metadata.name}`,
      reachable,
      p => p.metadata.name!,
    )!;
    const routerHop: Hop = {
      carrier: 'router',
      sourceNamespace: openshiftRouter.namespace,
      sourceName: ROUTER,
      service,
      destinationHost: serviceFqdn(service),
      destinationPod: pod,
      status: isGatewayPod(pod) ? 200 : responseCodeOf(pod),
      responseFlags: '-',
      durationMs: isGatewayPod(pod) ? 1 : serviceTimeMs(service.metadata.name!),
    };
    if (!isGatewayPod(pod)) return [routerHop];
    return [routerHop, this.throughGateway(snapshot, pod, host, path)];
  }

  private serviceHop(
    snapshot: MeshSnapshot,
    source: K8sObject,
    name: string,
  ): Hop {
    const namespace = source.metadata.namespace!;
    const service = snapshot.find('services', namespace, name);
    const host = service ? serviceFqdn(service) : name;
    if (!hasEnvoy(source))
      return this.viaKubeProxy(snapshot, source, service, host);
    const vs = service && meshVirtualServiceFor(snapshot, host, namespace);
    const http = vs && matchingHttpRoute(vs, '/');
    if (!vs || !http) {
      return this.viaEnvoy(snapshot, source, service, host, undefined);
    }
    return this.toRouteDestination(
      snapshot,
      source,
      vs,
      http.index,
      http.route,
    );
  }

  private throughGateway(
    snapshot: MeshSnapshot,
    gatewayPod: K8sObject,
    host: string,
    path: string,
  ): Hop {
    const gatewayNs = gatewayPod.metadata.namespace!;
    const gatewayApi = gatewayOfPod(snapshot, gatewayPod);
    if (gatewayApi)
      return this.throughGatewayApi(
        snapshot,
        gatewayPod,
        gatewayApi,
        host,
        path,
      );
    const served = (ns: string) =>
      ns === gatewayNs ||
      snapshot.namespaceLabels(ns)['maistra.io/member-of'] === gatewayNs;
    for (const gateway of snapshot.all.gateways) {
      if (!served(gateway.metadata.namespace!)) continue;
      const selector = gateway.spec?.selector ?? {};
      if (
        !matchesLabelSelector(
          { matchLabels: selector },
          gatewayPod.metadata.labels,
        )
      )
        continue;
      for (const vs of gatewayVirtualServices(snapshot, gateway, host)) {
        const admitted = ((gateway.spec?.servers ?? []) as any[]).some(server =>
          ((server?.hosts ?? []) as string[]).some(entry =>
            gatewayHostAdmits(
              entry,
              gateway.metadata.namespace!,
              vs.metadata.namespace!,
              host,
            ),
          ),
        );
        if (!admitted) continue;
        const http = matchingHttpRoute(vs, path);
        if (!http) break;
        return this.toRouteDestination(
          snapshot,
          gatewayPod,
          vs,
          http.index,
          http.route,
        );
      }
    }
    return {
      carrier: 'envoy',
      sourcePod: gatewayPod,
      sourceNamespace: gatewayNs,
      sourceName: workloadOf(gatewayPod).name,
      destinationHost: host,
      status: 404,
      responseFlags: 'NR',
      durationMs: timeouts.envoyLocalReplyMs,
      reason: `no Gateway and VirtualService route ${host}${path}`,
    };
  }

  /** A Gateway API Gateway's Envoy: the first attached HTTPRoute rule matching the request, split by backendRefs weights. */
  private throughGatewayApi(
    snapshot: MeshSnapshot,
    gatewayPod: K8sObject,
    gateway: K8sObject,
    host: string,
    path: string,
  ): Hop {
    for (const route of httpRoutesFor(snapshot, gateway, host)) {
      const matched = matchingRule(route, path);
      if (!matched) continue;
      const { namespace, name } = route.metadata;
      const backends = backendsOf(route, matched.rule);
      const chosen = this.balancers.pick(
        `httproute:${namespace}/${name}/${matched.index}`,
        backends.map(b => ({
          key: `${b.namespace}/${b.name}`,
          item: b,
          weight: b.weight,
        })),
      );
      if (!chosen) {
        return this.localReply(
          gatewayPod,
          host,
          500,
          '-',
          `HTTPRoute ${namespace}/${name} has no backend with a weight`,
        );
      }
      const service = snapshot.find('services', chosen.namespace, chosen.name);
      return this.viaEnvoy(
        snapshot,
        gatewayPod,
        service,
        service
          ? serviceFqdn(service)
          : `${chosen.name}.${chosen.namespace}.svc.cluster.local`,
        undefined,
      );
    }
    return this.localReply(
      gatewayPod,
      host,
      404,
      'NR',
      `no HTTPRoute of Gateway ${gateway.metadata.namespace}/${gateway.metadata.name} routes ${host}${path}`,
    );
  }

  private toRouteDestination(
    snapshot: MeshSnapshot,
    source: K8sObject,
    vs: K8sObject,
    index: number,
    route: any,
  ): Hop {
    const vsNs = vs.metadata.namespace!;
    const destinations = destinationsOf(route);
    const chosen = this.balancers.pick(
      `vs:${vsNs}/${vs.metadata.name}/${index}`,
      destinations.map(d => ({
        key: `${d.host}|${d.subset ?? ''}`,
        item: d,
        weight: d.weight,
      })),
    );
    if (!chosen) {
      return this.localReply(
        source,
        vs.spec?.hosts?.[0] ?? '',
        503,
        'NR',
        `VirtualService ${vsNs}/${vs.metadata.name} has no weighted destination`,
      );
    }
    const service = serviceOfHost(snapshot, chosen.host, vsNs);
    return this.viaEnvoy(
      snapshot,
      source,
      service,
      service ? serviceFqdn(service) : chosen.host,
      chosen.subset,
    );
  }

  private viaEnvoy(
    snapshot: MeshSnapshot,
    source: K8sObject,
    service: K8sObject | undefined,
    host: string,
    subset: string | undefined,
  ): Hop {
    if (!service)
      return this.localReply(
        source,
        host,
        503,
        'NC',
        `no Service for host ${host}`,
      );
    const rule = destinationRuleFor(
      snapshot,
      service,
      source.metadata.namespace!,
    );
    const subsetSpec = subset ? subsetOf(rule, subset) : undefined;
    if (subset && !subsetSpec) {
      return this.localReply(
        source,
        host,
        503,
        'NC',
        `no DestinationRule defines subset ${subset} of ${host}`,
        service,
      );
    }
    const ready = endpointsOf(snapshot, service, subsetSpec?.labels).sort(
      byName,
    );
    const from = podSource(snapshot, source);
    const reachable = ready.filter(
      p => ingressVerdict(snapshot, p, from).allowed,
    );
    if (ready.length > 0 && reachable.length === 0) {
      return {
        ...this.localReply(
          source,
          host,
          503,
          'UF',
          `NetworkPolicy blocks ${workloadOf(source).name} from ${
            service.metadata.name
          }`,
          service,
        ),
        durationMs: timeouts.envoyConnectMs,
      };
    }
    const healthy = withoutEjected(
      reachable,
      trafficPolicyOf(rule, subsetSpec).outlierDetection,
    );
    if (healthy.length === 0) {
      const why =
        reachable.length > 0
          ? 'every endpoint is ejected by outlier detection'
          : 'no ready endpoints';
      return this.localReply(
        source,
        host,
        503,
        'UH',
        `no healthy upstream for ${service.metadata.name}${
          subset ? ` subset ${subset}` : ''
        }: ${why}`,
        service,
      );
    }
    const pod = this.balancers.roundRobin(
      `lb:${workloadOf(source).name}.${source.metadata.namespace}>${host}|${
        subset ?? ''
      }`,
      healthy,
      p => p.metadata.name!,
    )!;
    return {
      carrier: 'envoy',
      sourcePod: source,
      sourceNamespace: source.metadata.namespace!,
      sourceName: workloadOf(source).name,
      service,
      destinationHost: host,
      destinationPod: pod,
      status: responseCodeOf(pod),
      responseFlags: '-',
      durationMs: serviceTimeMs(workloadOf(pod).name),
    };
  }

  private viaKubeProxy(
    snapshot: MeshSnapshot,
    source: K8sObject,
    service: K8sObject | undefined,
    host: string,
  ): Hop {
    const base = {
      carrier: 'kube-proxy' as const,
      sourcePod: source,
      sourceNamespace: source.metadata.namespace!,
      sourceName: workloadOf(source).name,
      service,
      destinationHost: host,
      responseFlags: '-',
    };
    const ready = service ? endpointsOf(snapshot, service).sort(byName) : [];
    const from: TrafficSource = podSource(snapshot, source);
    const reachable = ready.filter(
      p => ingressVerdict(snapshot, p, from).allowed,
    );
    if (reachable.length === 0) {
      return {
        ...base,
        status: 504,
        durationMs: timeouts.applicationMs,
        reason: `timed out calling ${host}: ${
          ready.length === 0 ? 'no ready endpoints' : 'blocked by NetworkPolicy'
        } and no sidecar to fail fast`,
      };
    }
    const pod = this.balancers.roundRobin(
      `kube-proxy:${host}`,
      reachable,
      p => p.metadata.name!,
    )!;
    return {
      ...base,
      destinationPod: pod,
      status: responseCodeOf(pod),
      durationMs: serviceTimeMs(workloadOf(pod).name),
    };
  }

  private localReply(
    source: K8sObject,
    host: string,
    status: number,
    flags: string,
    reason: string,
    service?: K8sObject,
  ): Hop {
    return {
      carrier: 'envoy',
      sourcePod: source,
      sourceNamespace: source.metadata.namespace!,
      sourceName: workloadOf(source).name,
      service,
      destinationHost: host,
      status,
      responseFlags: flags,
      durationMs: timeouts.envoyLocalReplyMs,
      reason,
    };
  }
}
