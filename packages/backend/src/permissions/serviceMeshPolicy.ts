import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  serviceMeshAdminPermission,
  serviceMeshMeshUpdatePermission,
  serviceMeshTrafficUpdatePermission,
} from '@service-mesh/plugin-service-mesh-common';
import { kubernetesProxyUnsafePermission } from '../kubernetes/proxyGuard';

/** Permissions only admins hold. */
const adminOnly = [
  serviceMeshAdminPermission,
  // writes and Secrets through the Kubernetes proxy (the portal's own token)
  kubernetesProxyUnsafePermission,
  // a location of type service-mesh-namespace would claim a namespace; the
  // template's actions register after their own check, with their own credentials
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
];

/** Permissions decided on the catalog entity: its owners only. */
const ownersOnly = [
  serviceMeshTrafficUpdatePermission,
  serviceMeshMeshUpdatePermission,
];

/**
 * The portal's policy. Admins (the users and groups of
 * `permission.serviceMeshPolicy.admins`) may do everything. Others: changing
 * a mesh (traffic, other mesh objects) only on Systems they own, where the
 * service mesh plugins decide by the System that owns the namespace;
 * provisioning (servicemesh.mesh.provision) is open, and the plugins limit it
 * to the user's own namespaces and groups; servicemesh.admin, writes and
 * Secrets through the Kubernetes proxy, and creating or deleting catalog
 * locations are refused; everything else is allowed.
 */
export class ServiceMeshPolicy implements PermissionPolicy {
  constructor(private readonly admins: string[] = []) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (claims.some(ref => this.admins.includes(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (adminOnly.some(p => isPermission(request.permission, p))) {
      return { result: AuthorizeResult.DENY };
    }
    for (const permission of ownersOnly) {
      if (isPermission(request.permission, permission)) {
        return createCatalogConditionalDecision(
          permission,
          catalogConditions.isEntityOwner({ claims }),
        );
      }
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
