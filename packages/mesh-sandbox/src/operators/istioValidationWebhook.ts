import { Controller, SandboxContext } from '../context';
import { webhookDenied } from '../k8s/errors';
import { istioValidationErrors } from '../k8s/istioValidation';
import { clusterCacheOf } from './clusterCache';
import { controlPlaneIn, controlPlaneNamespaceOf } from './meshMembership';

/**
 * istiod's validating webhook as OSSM 2 registers it: only for objects in
 * namespaces labelled member-of a control plane that exists, denying invalid
 * networking.istio.io configuration with 403 Forbidden.
 */
export const istioValidationWebhook: Controller = {
  name: 'istio-validation-webhook',
  start(context: SandboxContext) {
    const cache = clusterCacheOf(context.api);
    let running = true;
    context.api.onValidate(request => {
      const { type, operation, object } = request;
      if (!running || type.group !== 'networking.istio.io') return;
      if (operation !== 'CREATE' && operation !== 'UPDATE') return;
      const controlPlaneNamespace = controlPlaneNamespaceOf(
        cache,
        object.metadata.namespace,
      );
      if (
        !controlPlaneNamespace ||
        !controlPlaneIn(cache, controlPlaneNamespace)
      )
        return;
      const errors = istioValidationErrors(type, object);
      if (errors.length === 0) return;
      throw webhookDenied(
        type,
        object.metadata.name ?? '',
        'validation.istio.io',
        `configuration is invalid: ${errors.join(', ')}`,
      );
    });
    return () => {
      running = false;
    };
  },
};
