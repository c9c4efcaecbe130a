import { KindInfo, kinds } from '../cluster/kinds';

type Input = Record<string, any>;

/** The kinds each action needs the cluster to serve, with its input: what must be installed. */
const kindsOfAction: Record<string, (input: Input) => KindInfo[]> = {
  'servicemesh:controlplane:apply': () => [
    kinds.controlPlane,
    kinds.kiali,
    kinds.jaeger,
    kinds.elasticsearch,
    kinds.route,
  ],
  'servicemesh:members:add': () => [kinds.memberRoll],
  'servicemesh:ingress:expose': () => [
    kinds.gateway,
    kinds.virtualService,
    kinds.route,
  ],
  'servicemesh:canary:deploy': () => [
    kinds.destinationRule,
    kinds.virtualService,
  ],
  'servicemesh:circuitbreaker:apply': () => [kinds.destinationRule],
  'servicemesh:traffic:shift': input => [
    input.httpRoute ? kinds.httpRoute : kinds.virtualService,
  ],
  'servicemesh:canary:rollout': () => [kinds.virtualService],
  'servicemesh:istio:apply': input => [
    kinds.istio,
    kinds.istioRevision,
    ...(input.cni || input.dataplane === 'ambient' ? [kinds.istioCni] : []),
    ...(input.dataplane === 'ambient' ? [kinds.ztunnel] : []),
  ],
  'servicemesh:members:label': input => [
    kinds.istio,
    kinds.istioRevision,
    ...(input.injection === 'default-tag' ? [kinds.istioRevisionTag] : []),
  ],
  // a Route is made only where the cluster serves them
  'servicemesh:gateway:expose': () => [
    kinds.gatewayApiGateway,
    kinds.httpRoute,
  ],
  'servicemesh:canary:services': () => [kinds.httpRoute],
  'servicemesh:waypoint:apply': () => [kinds.gatewayApiGateway],
};

/** The steps each flavour's provisioning runs, for a preflight that is not given the run's steps. */
const flavourSteps: Record<string, (dataplane: string) => string[]> = {
  maistra: () => [
    'servicemesh:controlplane:apply',
    'servicemesh:members:add',
    'servicemesh:ingress:expose',
    'servicemesh:canary:deploy',
    'servicemesh:circuitbreaker:apply',
  ],
  sail: dataplane => [
    'servicemesh:istio:apply',
    'servicemesh:members:label',
    'servicemesh:gateway:expose',
    'servicemesh:canary:services',
    'servicemesh:circuitbreaker:apply',
    ...(dataplane === 'ambient' ? ['servicemesh:waypoint:apply'] : []),
  ],
};

/** Every kind the steps need, each once, in the order they are first needed. */
export function requiredKinds(
  steps: { action: string; input: Input }[],
): KindInfo[] {
  const all = steps.flatMap(s => kindsOfAction[s.action]?.(s.input) ?? []);
  return [
    ...new Map(all.map(k => [`${k.plural}.${k.apiVersion}`, k])).values(),
  ];
}

/** The kinds a flavour's provisioning needs. */
export function flavourKinds(flavour: string, dataplane: string): KindInfo[] {
  return requiredKinds(
    (flavourSteps[flavour]?.(dataplane) ?? []).map(action => ({
      action,
      input: { dataplane },
    })),
  );
}
