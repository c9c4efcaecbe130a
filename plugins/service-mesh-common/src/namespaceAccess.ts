/**
 * The authorization rule for writes to a namespace, as pure decisions: the
 * facts (owning Systems, permission decisions, catalog membership) are looked
 * up by `MeshWriteAuthorizer` in @service-mesh/plugin-service-mesh-node, the
 * one caller of these functions.
 */

/**
 * What a write does; decides which permission it needs.
 *
 * @public
 */
export type MeshWriteIntent =
  /** New traffic weights on an existing route. */
  | 'traffic'
  /** Any other change to the mesh objects of a namespace. */
  | 'configure'
  /** Creating a user's mesh (namespaces, control plane, catalog registration). */
  | 'provision'
  /** Undoing a user's mesh. */
  | 'teardown';

/**
 * The namespaces a user id names: `<user>-istio-system` and `<user>-sockshop`.
 *
 * @public
 */
export function namespacesOfUser(user: string) {
  return {
    controlPlane: `${user}-istio-system`,
    app: `${user}-sockshop`,
  };
}

/**
 * The user id a user entity ref derives: `user:default/guest` is `guest`.
 *
 * @public
 */
export function userIdOf(userEntityRef: string): string {
  const name = userEntityRef.slice(userEntityRef.lastIndexOf('/') + 1);
  return name.slice(name.indexOf(':') + 1).toLocaleLowerCase('en-US');
}

/**
 * A System registered for a namespace by the catalog module, and whether the initiator may act on it.
 *
 * @public
 */
export interface OwningSystem {
  /** `system:<namespace>/<name>`. */
  entityRef: string;
  /** The System's `spec.owner`, when the catalog has it. */
  owner?: string;
  /** Why this System cannot be trusted as the namespace's owner (missing, claimed by another location). */
  problem?: string;
  /** The initiator's decision on the intent's permission for this System. */
  allowed: boolean;
}

/** @public */
export interface NamespaceWriteFacts {
  /** The initiator's user entity ref. */
  initiator: string;
  intent: MeshWriteIntent;
  cluster: string;
  namespace: string;
  /** Systems registered for this namespace (normally none or one). */
  owning: OwningSystem[];
  /** servicemesh.mesh.provision */
  mayProvision: boolean;
  /** servicemesh.admin */
  isAdmin: boolean;
}

const verbs: Record<MeshWriteIntent, string> = {
  traffic: 'shift the traffic of',
  configure: 'change',
  provision: 'provision',
  teardown: 'tear down',
};

const ownerPhrase = (system: OwningSystem) =>
  `${system.entityRef}${system.owner ? `, owned by ${system.owner}` : ''}`;

/**
 * Why the write is refused, or undefined when it is allowed.
 *
 * A namespace with an owning System may be written by whoever the policy
 * allows on that System (servicemesh.traffic.update for traffic,
 * servicemesh.mesh.update otherwise); provisioning and teardown need
 * servicemesh.mesh.provision as well. A namespace no System owns yet may be
 * written only under servicemesh.mesh.provision, and only when it is derived
 * from the initiator's own identity, unless they hold servicemesh.admin.
 * Entities that merely annotate the namespace count for nothing.
 *
 * @public
 */
export function refusalOfNamespaceWrite(
  facts: NamespaceWriteFacts,
): string | undefined {
  const { initiator, intent, cluster, namespace } = facts;
  const where = `namespace ${namespace} on cluster ${cluster}`;
  const verb = verbs[intent];
  const untrusted = facts.owning.find(system => system.problem);
  if (untrusted) {
    return `${where} is registered to ${untrusted.entityRef}, which cannot be trusted as its owner: ${untrusted.problem}; an admin must resolve this`;
  }
  const denied = facts.owning.find(system => !system.allowed);
  if (denied) {
    return `${where} belongs to ${ownerPhrase(
      denied,
    )}; ${initiator} may not ${verb} it`;
  }
  const provisioning = intent === 'provision' || intent === 'teardown';
  if ((provisioning || facts.owning.length === 0) && !facts.mayProvision) {
    return `${initiator} may not ${verb} ${where}: that needs the servicemesh.mesh.provision permission`;
  }
  if (facts.owning.length > 0 || facts.isAdmin) return undefined;
  const own = namespacesOfUser(userIdOf(initiator));
  if (namespace === own.app || namespace === own.controlPlane) return undefined;
  return `${where} has no owning System in the catalog and is not one of ${initiator}'s own namespaces (${own.controlPlane}, ${own.app}); only an admin (servicemesh.admin) may ${verb} it`;
}

/** @public */
export interface OwnerFacts {
  initiator: string;
  /** The requested owner, a full entity ref. */
  owner: string;
  /** The owner's kind in the catalog, undefined when the catalog does not have it. */
  ownerKind?: string;
  /** The groups the initiator belongs to, from their User entity's memberOf relations. */
  groups: string[];
  isAdmin: boolean;
}

/**
 * Why an owner may not be registered, or undefined when it may.
 *
 * @public
 */
export function refusalOfOwner(facts: OwnerFacts): string | undefined {
  const { initiator, owner } = facts;
  if (!facts.ownerKind) return `${owner} is not in the catalog`;
  const kind = facts.ownerKind.toLocaleLowerCase('en-US');
  if (kind !== 'user' && kind !== 'group') {
    return `${owner} is a ${facts.ownerKind}; the owner must be a User or a Group`;
  }
  const same = (ref: string) =>
    ref.toLocaleLowerCase('en-US') === owner.toLocaleLowerCase('en-US');
  if (facts.isAdmin || same(initiator) || facts.groups.some(same)) {
    return undefined;
  }
  return `${initiator} may register as owner only themselves or a group they belong to (${
    [initiator, ...facts.groups].join(', ') || 'none'
  }), not ${owner}`;
}
