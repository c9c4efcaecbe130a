import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@service-mesh/plugin-service-mesh-common';

/**
 * Whether the backend can answer a mesh status for the entity: a namespace
 * annotation, and for anything but a System (which covers its whole namespace)
 * a label selector or kubernetes-id naming its workloads.
 *
 * @public
 */
export function isServiceMeshAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  if (!annotations[KUBERNETES_NAMESPACE_ANNOTATION]) return false;
  if (entity.kind.toLocaleLowerCase('en-US') === 'system') return true;
  return Boolean(
    annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION] ||
      annotations[KUBERNETES_ID_ANNOTATION],
  );
}
