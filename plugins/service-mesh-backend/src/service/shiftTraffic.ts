import {
  AuditorServiceCreateEventOptions,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  isHttpRouteRule,
  MeshStatus,
  routeObjectOf,
} from '@service-mesh/plugin-service-mesh-common';
import {
  ClusterConnection,
  findCluster,
  kubeConfigFor,
  MeshWriteAuthorizer,
} from '@service-mesh/plugin-service-mesh-node';
import { toBackstageError } from '../kubernetes/kubeErrors';
import {
  applyHttpRouteWeights,
  applyRouteWeights,
} from '../kubernetes/trafficWriter';
import { MeshStatusService } from './meshStatusService';
import { parseTrafficShift, routeToShift } from './trafficShift';

/**
 * Shifts the traffic of one service of an entity, for the REST route and the
 * actions registry alike: the body is checked, then the namespace's owning
 * System decides (MeshWriteAuthorizer, which audits the attempt), then the
 * weights are applied and the new status is answered.
 */
export async function shiftTraffic(options: {
  statusService: MeshStatusService;
  clusters: ClusterConnection[];
  authorizer: MeshWriteAuthorizer;
  credentials: BackstageCredentials;
  ref: CompoundEntityRef;
  body: unknown;
  via: string;
  request?: AuditorServiceCreateEventOptions['request'];
}): Promise<MeshStatus> {
  const { statusService, ref, credentials } = options;
  const entityRef = stringifyEntityRef(ref);
  const scope = await statusService.scopeOf(ref, credentials);
  const shift = parseTrafficShift(options.body);
  const audit = await options.authorizer.authorize({
    credentials,
    intent: 'traffic',
    cluster: scope.cluster,
    namespaces: [scope.namespace],
    via: options.via,
    eventId: 'traffic-shift',
    request: options.request,
    meta: { entityRef, service: shift.service, to: shift.weights },
  });
  try {
    statusService.invalidate(scope.cluster, scope.namespace);
    const before = await statusService.statusInScope(scope);
    const { route, previous } = routeToShift(before, shift);
    const object = routeObjectOf(route);
    try {
      const kc = kubeConfigFor(findCluster(options.clusters, scope.cluster));
      const applied = isHttpRouteRule(route)
        ? await applyHttpRouteWeights({
            kc,
            namespace: scope.namespace,
            httpRoute: route.httpRoute,
            ruleIndex: route.ruleIndex,
            weights: shift.weights,
          })
        : await applyRouteWeights({
            kc,
            namespace: scope.namespace,
            virtualService: route.virtualService,
            httpRouteIndex: route.httpRouteIndex,
            weights: shift.weights,
          });
      // The watch caches take the write at once rather than waiting for its event.
      statusService.observeWrite(
        scope.cluster,
        scope.namespace,
        isHttpRouteRule(route) ? 'httproutes' : 'virtualservices',
        applied,
      );
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw toBackstageError(error, `updating ${object.kind} ${object.name}`);
    }
    await audit.success({
      meta: isHttpRouteRule(route)
        ? {
            httpRoute: route.httpRoute,
            ruleIndex: route.ruleIndex,
            from: previous,
          }
        : { virtualService: route.virtualService, from: previous },
    });
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
  statusService.invalidate(scope.cluster, scope.namespace);
  return statusService.statusInScope(scope);
}
