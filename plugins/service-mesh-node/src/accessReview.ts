import * as k8s from '@kubernetes/client-node';
import { describeKubeError } from './kubeClient';

/**
 * One verb on one kind of object, in a namespace or (without one) cluster-wide.
 *
 * @public
 */
export interface ResourceAccess {
  verb: string;
  /** The API group, '' for the core group. */
  group: string;
  /** The plural resource, e.g. `namespaces`. */
  resource: string;
  subresource?: string;
  /** Undefined for cluster-scoped resources. */
  namespace?: string;
}

const keyOf = (a: ResourceAccess) =>
  [a.verb, a.group, a.resource, a.subresource ?? '', a.namespace ?? ''].join(
    ' ',
  );

/**
 * The same accesses without repeats, in their first order.
 *
 * @public
 */
export function distinctAccesses(accesses: ResourceAccess[]): ResourceAccess[] {
  const seen = new Map<string, ResourceAccess>();
  for (const access of accesses) {
    if (!seen.has(keyOf(access))) seen.set(keyOf(access), access);
  }
  return [...seen.values()];
}

/**
 * `servicemeshcontrolplanes.maistra.io`, `namespaces`, `routes/custom-host.route.openshift.io`.
 *
 * @public
 */
export function resourceName(access: ResourceAccess): string {
  const resource = access.subresource
    ? `${access.resource}/${access.subresource}`
    : access.resource;
  return access.group ? `${resource}.${access.group}` : resource;
}

/**
 * The sentence for a permission the portal's service account lacks, e.g.
 * "the portal's service account may not create namespaces in the cluster".
 *
 * @public
 */
export function missingAccessSentence(access: ResourceAccess): string {
  return `the portal's service account may not ${access.verb} ${resourceName(
    access,
  )} in ${access.namespace ?? 'the cluster'}`;
}

/**
 * Asks the API server, with SelfSubjectAccessReviews made with the given
 * credentials (authorization.k8s.io/v1, allowed to every authenticated
 * account), which of the accesses those credentials lack. Nothing is written:
 * a review is answered and never stored. Fails with the API server's reason,
 * never with the token, when a review cannot be made.
 *
 * @public
 */
export async function missingAccesses(
  kubeConfig: k8s.KubeConfig,
  accesses: ResourceAccess[],
): Promise<ResourceAccess[]> {
  const api = kubeConfig.makeApiClient(k8s.AuthorizationV1Api);
  const distinct = distinctAccesses(accesses);
  // settled, so a refusal is reported for the first access in order, not the first to answer
  const settled = await Promise.allSettled(
    distinct.map(async access => {
      try {
        const review = await api.createSelfSubjectAccessReview({
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: {
              resourceAttributes: {
                verb: access.verb,
                group: access.group,
                resource: access.resource,
                ...(access.subresource
                  ? { subresource: access.subresource }
                  : {}),
                ...(access.namespace ? { namespace: access.namespace } : {}),
              },
            },
          },
        });
        return review.status?.allowed === true;
      } catch (error) {
        const { code, message } = describeKubeError(error);
        throw new Error(
          `could not ask the cluster whether the portal's service account may ${
            access.verb
          } ${resourceName(access)}: ${code ? `${code} ` : ''}${message}`,
        );
      }
    }),
  );
  const refused = settled.find(
    (answer): answer is PromiseRejectedResult => answer.status === 'rejected',
  );
  if (refused) throw refused.reason;
  return distinct.filter(
    (_access, index) =>
      !(settled[index] as PromiseFulfilledResult<boolean>).value,
  );
}
