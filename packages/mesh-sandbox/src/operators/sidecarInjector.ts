import { Controller, SandboxContext } from '../context';
import { K8sObject } from '../k8s/types';
import { clusterCacheOf } from './clusterCache';
import { planControlPlane } from './controlPlanePlan';
import { injectAnnotation } from './meshLabels';
import {
  controlPlaneIn,
  controlPlaneNamespaceOf,
  isControlPlaneReady,
} from './meshMembership';
import { injectSidecar } from './sidecarTemplate';

/** OSSM profiles set autoInject false: only an explicit "true" on the pod asks for a sidecar. */
const asksForSidecar = (pod: K8sObject) =>
  pod.metadata.annotations?.[injectAnnotation] === 'true' ||
  pod.metadata.labels?.[injectAnnotation] === 'true';

const hasSidecar = (pod: K8sObject) =>
  (pod.spec?.containers ?? []).some((c: any) => c.name === 'istio-proxy');

/**
 * The control plane's sidecar-injector mutating webhook, with Maistra's
 * selection: a new Pod gets the Envoy proxy only in a namespace labelled
 * member-of a control plane that is Ready, and only when it asks for it.
 * Running pods are never changed; they get a sidecar when re-created.
 */
export const sidecarInjector: Controller = {
  name: 'sidecar-injector',
  start(context: SandboxContext) {
    const cache = clusterCacheOf(context.api);
    let running = true;
    context.api.onMutate(request => {
      const { type, operation, object } = request;
      if (!running || operation !== 'CREATE') return object;
      if (type.group !== '' || type.plural !== 'pods') return object;
      if (!asksForSidecar(object) || hasSidecar(object)) return object;
      const namespace = cache.get(
        '',
        'namespaces',
        undefined,
        object.metadata.namespace!,
      );
      const nsLabels = namespace?.metadata.labels ?? {};
      if (
        nsLabels['maistra.io/ignore-namespace'] !== undefined ||
        nsLabels['istio-injection'] === 'disabled' ||
        nsLabels['istio-env'] !== undefined
      ) {
        return object;
      }
      const controlPlaneNamespace = controlPlaneNamespaceOf(
        cache,
        object.metadata.namespace,
      );
      if (!controlPlaneNamespace) return object;
      const smcp = controlPlaneIn(cache, controlPlaneNamespace);
      if (!smcp || !isControlPlaneReady(smcp)) return object;
      const plan = planControlPlane(smcp);
      return injectSidecar(object, {
        revision: smcp.metadata.name!,
        chartVersion: plan.chartVersion,
        legacy: plan.legacy,
      });
    });
    return () => {
      running = false;
    };
  },
};
