import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import { serviceMeshTrafficUpdatePermission } from '@service-mesh/plugin-service-mesh-common';

/**
 * Whether the user may change the entity's traffic (`servicemesh.traffic.update`):
 * weights by hand and rollouts alike.
 */
export function useTrafficUpdatePermission(entity: Entity): {
  allowed: boolean;
  loading: boolean;
} {
  const { allowed, loading } = usePermission({
    permission: serviceMeshTrafficUpdatePermission,
    resourceRef: stringifyEntityRef(entity),
  });
  return { allowed, loading };
}
