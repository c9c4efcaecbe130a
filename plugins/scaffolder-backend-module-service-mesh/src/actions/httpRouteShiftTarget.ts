import { unknownBackendRefs } from '@service-mesh/plugin-service-mesh-node';
import { kinds } from '../cluster/kinds';
import { KubeObject, MeshCluster } from '../cluster/meshCluster';

/** The HTTPRoute whose rule's weights a traffic shift sets, or the input that names what is missing. */
export type HttpRouteShiftTarget =
  | { found: true; live: KubeObject }
  | {
      found: false;
      input: 'httpRoute' | 'ruleIndex' | 'weights';
      message: string;
    };

/**
 * Finds the HTTPRoute rule a shift changes, and checks that every weight
 * names a backendRef Service of that rule.
 */
export async function findHttpRouteShiftTarget(
  cluster: MeshCluster,
  params: {
    namespace: string;
    httpRoute: string;
    ruleIndex: number;
    weights: Record<string, number>;
  },
): Promise<HttpRouteShiftTarget> {
  const live = await cluster.read(
    kinds.httpRoute,
    params.httpRoute,
    params.namespace,
  );
  if (!live) {
    return {
      found: false,
      input: 'httpRoute',
      message: `'${params.httpRoute}' does not exist in namespace '${params.namespace}'`,
    };
  }
  if (!live.spec?.rules?.[params.ruleIndex]) {
    return {
      found: false,
      input: 'ruleIndex',
      message: `${params.ruleIndex} names no rule of HTTPRoute '${params.httpRoute}'`,
    };
  }
  const unknown = unknownBackendRefs(live, params);
  if (unknown.length > 0) {
    return {
      found: false,
      input: 'weights',
      message: `names Services that no backendRef of rule ${
        params.ruleIndex
      } of HTTPRoute '${params.httpRoute}' names: ${unknown.join(', ')}`,
    };
  }
  return { found: true, live };
}
