import { kinds } from '../cluster/kinds';
import { KubeObject, MeshCluster } from '../cluster/meshCluster';

/** The route whose weights a traffic shift sets, or the input that names what is missing. */
export type ShiftTarget =
  | { found: true; live: KubeObject; service: string }
  | {
      found: false;
      input: 'virtualService' | 'routeIndex' | 'weights';
      message: string;
    };

/**
 * Finds the VirtualService route a shift changes, and checks that every
 * weighted subset is defined by the DestinationRule of the route's host.
 */
export async function findShiftTarget(
  cluster: MeshCluster,
  params: {
    namespace: string;
    virtualService: string;
    routeIndex: number;
    weights: Record<string, number>;
  },
): Promise<ShiftTarget> {
  const live = await cluster.read(
    kinds.virtualService,
    params.virtualService,
    params.namespace,
  );
  if (!live) {
    return {
      found: false,
      input: 'virtualService',
      message: `'${params.virtualService}' does not exist in namespace '${params.namespace}'; deploy a canary first`,
    };
  }
  const route = live.spec?.http?.[params.routeIndex];
  const host: string | undefined = route?.route?.[0]?.destination?.host;
  if (!route || !host) {
    return {
      found: false,
      input: 'routeIndex',
      message: `${params.routeIndex} names no HTTP route of VirtualService '${params.virtualService}'`,
    };
  }
  const rules = await cluster.list(kinds.destinationRule, params.namespace);
  const rule = rules.find(r => r.spec?.host === host);
  const known: string[] = (rule?.spec?.subsets ?? []).map((s: any) => s.name);
  const unknown = Object.keys(params.weights).filter(s => !known.includes(s));
  if (unknown.length > 0) {
    return {
      found: false,
      input: 'weights',
      message: `names subsets that no DestinationRule for ${host} defines: ${unknown.join(
        ', ',
      )}`,
    };
  }
  return { found: true, live, service: host.split('.')[0] };
}
