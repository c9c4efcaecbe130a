import { methodNotAllowed, unsupportedMediaType } from './errors';
import { applyJsonPatch } from './jsonPatch';
import { applyMergePatch } from './mergePatch';
import { ObjectApi, PatchType, WriteOptions } from './objectApi';
import { K8sObject, ResourceType } from './types';

/** A LabelSelector as the string form `status.selector` of a Scale carries. */
export function selectorString(selector: any): string {
  const terms = Object.keys(selector?.matchLabels ?? {})
    .sort()
    .map(key => `${key}=${selector.matchLabels[key]}`);
  for (const e of (selector?.matchExpressions ?? []) as any[]) {
    const values = ((e.values ?? []) as string[]).join(',');
    if (e.operator === 'In') terms.push(`${e.key} in (${values})`);
    if (e.operator === 'NotIn') terms.push(`${e.key} notin (${values})`);
    if (e.operator === 'Exists') terms.push(e.key);
    if (e.operator === 'DoesNotExist') terms.push(`!${e.key}`);
  }
  return terms.join(',');
}

/** The autoscaling/v1 Scale view of a Deployment, ReplicaSet or StatefulSet. */
export function scaleOf(object: K8sObject): K8sObject {
  const { name, namespace, uid, resourceVersion, creationTimestamp } =
    object.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: object.spec?.replicas ?? 1 },
    status: {
      replicas: object.status?.replicas ?? 0,
      selector: selectorString(object.spec?.selector),
    },
  };
}

/**
 * GET, PUT or PATCH of `<workload>/scale`: reads or writes spec.replicas of the
 * workload (with its optimistic concurrency) and answers the Scale.
 */
export function scaleRequest(
  api: ObjectApi,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  request: {
    verb: string;
    patchType?: PatchType;
    body: unknown;
    options: WriteOptions;
  },
): K8sObject {
  const current = scaleOf(api.get(type, namespace, name));
  let wanted: K8sObject;
  if (request.verb === 'get') return current;
  if (request.verb === 'update') wanted = request.body as K8sObject;
  else if (request.verb === 'patch') {
    if (!request.patchType)
      throw unsupportedMediaType('(none or unknown content type)');
    wanted =
      request.patchType === 'json'
        ? applyJsonPatch(current, request.body)
        : applyMergePatch(current, request.body);
  } else throw methodNotAllowed(request.verb);
  const resourceVersion = wanted?.metadata?.resourceVersion;
  const updated = api.patch(
    type,
    namespace,
    name,
    'merge',
    {
      ...(resourceVersion ? { metadata: { resourceVersion } } : {}),
      spec: { replicas: wanted?.spec?.replicas },
    },
    request.options,
  );
  return scaleOf(updated);
}
