import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  KUBERNETES_CLUSTER_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@service-mesh/plugin-service-mesh-common';
import { EntityScope } from '../status/assembleStatus';
import { parseEqualitySelector } from '../status/labels';

/**
 * What part of which cluster an entity covers, from its catalog annotations
 * only (never from the request): a System covers its namespace; a Component or
 * Resource its workloads, by label selector or kubernetes-id.
 */
export function entityScope(
  entity: Entity,
  clusterNames: string[],
): EntityScope {
  const ref = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION];
  if (!namespace) {
    throw new InputError(
      `${ref} has no ${KUBERNETES_NAMESPACE_ANNOTATION} annotation, so its mesh status is unknown`,
    );
  }
  const named = annotations[KUBERNETES_CLUSTER_ANNOTATION];
  let cluster: string;
  if (named) cluster = named;
  else if (clusterNames.length === 1) cluster = clusterNames[0];
  else {
    throw new InputError(
      clusterNames.length === 0
        ? 'no cluster is configured under kubernetes.clusterLocatorMethods'
        : `${ref} has no ${KUBERNETES_CLUSTER_ANNOTATION} annotation and several clusters are configured (${clusterNames.join(
            ', ',
          )})`,
    );
  }
  const kind = entity.kind.toLocaleLowerCase('en-US');
  let workloadLabels: Record<string, string> | undefined;
  if (kind !== 'system') {
    const selector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
    const id = annotations[KUBERNETES_ID_ANNOTATION];
    if (selector) {
      try {
        workloadLabels = parseEqualitySelector(selector);
      } catch (error) {
        throw new InputError(
          `${ref}: ${KUBERNETES_LABEL_SELECTOR_ANNOTATION}: ${
            (error as Error).message
          }`,
        );
      }
    } else if (id) {
      workloadLabels = { [KUBERNETES_ID_ANNOTATION]: id };
    } else {
      throw new InputError(
        `${ref} has neither ${KUBERNETES_LABEL_SELECTOR_ANNOTATION} nor ${KUBERNETES_ID_ANNOTATION}, so its workloads are unknown`,
      );
    }
  }
  return {
    entity: {
      kind,
      namespace: entity.metadata.namespace ?? 'default',
      name: entity.metadata.name,
    },
    cluster,
    namespace,
    ...(workloadLabels ? { workloadLabels } : {}),
  };
}
