import { Controller, SandboxContext } from '../context';
import { K8sObject } from '../k8s/types';
import { planControlPlane } from './controlPlanePlan';
import { injectAnnotation, memberOfLabel } from './meshLabels';
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
 * selection: the API server calls it for new Pods in namespaces labelled
 * member-of a control plane; the Envoy proxy is added when that control plane
 * is Ready and the pod asks for it. Running pods are never changed; they get a
 * sidecar when re-created.
 */
export const sidecarInjector: Controller = {
  name: 'sidecar-injector',
  start(context: SandboxContext) {
    const { cache } = context;
    context.addWebhook({
      name: 'sidecar-injector.maistra.io',
      rules: [
        {
          apiGroups: [''],
          apiVersions: ['v1'],
          resources: ['pods'],
          operations: ['CREATE'],
        },
      ],
      namespaceSelector: {
        matchExpressions: [
          { key: memberOfLabel, operator: 'Exists' },
          { key: 'maistra.io/ignore-namespace', operator: 'DoesNotExist' },
          { key: 'istio-injection', operator: 'NotIn', values: ['disabled'] },
          { key: 'istio-env', operator: 'DoesNotExist' },
        ],
      },
      mutate({ object, namespace }) {
        if (!asksForSidecar(object) || hasSidecar(object)) return undefined;
        const controlPlaneNamespace = controlPlaneNamespaceOf(cache, namespace);
        if (!controlPlaneNamespace) return undefined;
        const smcp = controlPlaneIn(cache, controlPlaneNamespace);
        if (!smcp || !isControlPlaneReady(smcp)) return undefined;
        const plan = planControlPlane(smcp);
        return injectSidecar(object, {
          revision: smcp.metadata.name!,
          chartVersion: plan.chartVersion,
          legacy: plan.legacy,
        });
      },
    });
  },
};
