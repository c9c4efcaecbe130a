import { Kind, Sandbox } from '@internal/mesh-sandbox';

const kind = (
  group: string,
  plural: string,
  name: string,
  namespaced = true,
): Kind => ({ group, version: 'v1', plural, kind: name, namespaced });

/** Kinds the status reads that the seeds need not write: OSSM 3 / upstream Istio and Gateway API. */
export const ossm3Kinds = {
  httpRoutes: kind('gateway.networking.k8s.io', 'httproutes', 'HTTPRoute'),
  gatewayApiGateways: kind('gateway.networking.k8s.io', 'gateways', 'Gateway'),
  authorizationPolicies: kind(
    'security.istio.io',
    'authorizationpolicies',
    'AuthorizationPolicy',
  ),
  istios: kind('sailoperator.io', 'istios', 'Istio', false),
  istioRevisions: kind(
    'sailoperator.io',
    'istiorevisions',
    'IstioRevision',
    false,
  ),
  istioRevisionTags: kind(
    'sailoperator.io',
    'istiorevisiontags',
    'IstioRevisionTag',
    false,
  ),
};

/**
 * Lists each of these kinds once: the API server builds a CRD's storage on its
 * first request and answers 429 until it is ready, which the sandbox client
 * waits out, so that no status read of a test pays for it (and times out).
 */
export async function warmOssm3Kinds(sandbox: Pick<Sandbox, 'client'>) {
  await Promise.all(Object.values(ossm3Kinds).map(k => sandbox.client.list(k)));
}
