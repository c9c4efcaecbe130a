import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEvent,
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ANNOTATION_LOCATION } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  MeshWriteIntent,
  NAMESPACE_LOCATION_TYPE,
  OwningSystem,
  parseNamespaceLocationTarget,
  refusalOfNamespaceWrite,
  refusalOfOwner,
  serviceMeshAdminPermission,
  serviceMeshMeshUpdatePermission,
  serviceMeshProvisionPermission,
  serviceMeshTrafficUpdatePermission,
} from '@service-mesh/plugin-service-mesh-common';
import { namespaceLocations } from './namespaceLocations';

/**
 * One write (or one run of writes) to be authorized.
 *
 * @public
 */
export interface MeshWriteRequest {
  /** The initiator's credentials: the request's, or `ctx.getInitiatorCredentials()` in an action. */
  credentials: BackstageCredentials;
  intent: MeshWriteIntent;
  cluster: string;
  /** Every namespace the write touches. */
  namespaces: string[];
  /** The catalog owner the write registers, when it registers one. */
  owner?: string;
  /** What asks, for the audit: an action id or a route. */
  via: string;
  /** The audit event's id (default `mesh-write`). */
  eventId?: string;
  /** The HTTP request, for the audit event. */
  request?: AuditorServiceCreateEventOptions['request'];
  dryRun?: boolean;
  /** More for the audit event (service, weights...). */
  meta?: JsonObject;
}

/**
 * The result of `check`: why the write is refused, if it is.
 *
 * @public
 */
export interface MeshWriteDecision {
  initiator: string;
  refusal?: string;
  /** The owning Systems of each namespace that has one. */
  owners: Record<string, OwningSystem[]>;
}

/** @public */
export interface MeshWriteAuthorizerOptions {
  catalog: CatalogService;
  permissions: PermissionsService;
  /** For the plugin's own credentials, with which owners and memberships are looked up. */
  auth: AuthService;
  auditor: AuditorService;
}

const allowed = (decision: { result: AuthorizeResult }) =>
  decision.result === AuthorizeResult.ALLOW;

/**
 * The one authorization rule for every write to a namespace (REST routes,
 * template actions, the actions registry, a rollout runner): a namespace with
 * an owning System (the one the service mesh catalog module registered for
 * it) may be written by whoever may act on that System; provisioning and
 * teardown need servicemesh.mesh.provision, and without servicemesh.admin
 * reach only the initiator's own namespaces and owners. Decisions use the
 * initiator's credentials; owners and memberships are read with the plugin's
 * own, so what the initiator may not read cannot hide an owner. Every attempt,
 * refused or not, is an audit event.
 *
 * @public
 */
export class MeshWriteAuthorizer {
  constructor(private readonly options: MeshWriteAuthorizerOptions) {}

  /** Decides without auditing (for previews such as the tab's editor). */
  async check(request: MeshWriteRequest): Promise<MeshWriteDecision> {
    const { permissions, auth } = this.options;
    const { credentials } = request;
    if (!auth.isPrincipal(credentials, 'user')) {
      if (auth.isPrincipal(credentials, 'service')) {
        return { initiator: credentials.principal.subject, owners: {} };
      }
      return {
        initiator: 'an anonymous caller',
        refusal: 'only a signed-in user may change a service mesh',
        owners: {},
      };
    }
    const initiator = credentials.principal.userEntityRef;
    const [provision, admin] = await permissions.authorize(
      [
        { permission: serviceMeshProvisionPermission },
        { permission: serviceMeshAdminPermission },
      ],
      { credentials },
    );
    const own = await auth.getOwnServiceCredentials();
    const owners: Record<string, OwningSystem[]> = {};
    for (const namespace of [...new Set(request.namespaces)]) {
      owners[namespace] = await this.owningSystems(request, namespace, own);
      const refusal = refusalOfNamespaceWrite({
        initiator,
        intent: request.intent,
        cluster: request.cluster,
        namespace,
        owning: owners[namespace],
        mayProvision: allowed(provision),
        isAdmin: allowed(admin),
      });
      if (refusal) return { initiator, refusal, owners };
    }
    if (request.owner) {
      const refusal = await this.ownerRefusal(
        initiator,
        request.owner,
        allowed(admin),
        own,
      );
      if (refusal) return { initiator, refusal: `owner: ${refusal}`, owners };
    }
    return { initiator, owners };
  }

  /**
   * Authorizes the write and opens its audit event; the caller reports the
   * write's success or failure on the event. A refusal is audited and thrown
   * as a NotAllowedError (403) naming who owns the namespace.
   */
  async authorize(request: MeshWriteRequest): Promise<AuditorServiceEvent> {
    const decision = await this.check(request);
    const event = await this.options.auditor.createEvent({
      eventId: request.eventId ?? 'mesh-write',
      severityLevel: 'medium',
      request: request.request,
      meta: {
        actor: decision.initiator,
        intent: request.intent,
        via: request.via,
        cluster: request.cluster,
        namespaces: request.namespaces,
        owners: Object.fromEntries(
          Object.entries(decision.owners).map(([ns, systems]) => [
            ns,
            systems.map(s => s.entityRef),
          ]),
        ),
        ...(request.owner ? { owner: request.owner } : {}),
        dryRun: Boolean(request.dryRun),
        ...request.meta,
      },
    });
    if (decision.refusal) {
      const error = new NotAllowedError(decision.refusal);
      await event.fail({ error });
      throw error;
    }
    return event;
  }

  /** Authorizes, then runs the write, recording its outcome on the audit event. */
  async run<T>(request: MeshWriteRequest, write: () => Promise<T>): Promise<T> {
    const event = await this.authorize(request);
    try {
      const result = await write();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  private async owningSystems(
    request: MeshWriteRequest,
    namespace: string,
    own: BackstageCredentials,
  ): Promise<OwningSystem[]> {
    const { catalog, permissions } = this.options;
    const locations = await namespaceLocations(catalog, own, {
      cluster: request.cluster,
      namespace,
    });
    const permission =
      request.intent === 'traffic'
        ? serviceMeshTrafficUpdatePermission
        : serviceMeshMeshUpdatePermission;
    const systems: OwningSystem[] = [];
    for (const location of locations) {
      let entityRef = `system:${namespace}/?`;
      let problem: string | undefined;
      try {
        const target = parseNamespaceLocationTarget(location.target);
        entityRef = `system:${namespace}/${target.system}`;
      } catch (error) {
        problem = `its location is malformed (${(error as Error).message})`;
      }
      const entity = problem
        ? undefined
        : await catalog.getEntityByRef(entityRef, { credentials: own });
      const expectedLocation = `${NAMESPACE_LOCATION_TYPE}:${location.target}`;
      if (!problem && !entity) {
        problem = 'the catalog has not processed it yet';
      } else if (
        !problem &&
        entity?.metadata.annotations?.[ANNOTATION_LOCATION] !== expectedLocation
      ) {
        problem = `the catalog has it from ${
          entity?.metadata.annotations?.[ANNOTATION_LOCATION] ??
          'an unknown location'
        }, not from the namespace's location`;
      }
      const [decision] = problem
        ? [{ result: AuthorizeResult.DENY }]
        : await permissions.authorize(
            [{ permission, resourceRef: entityRef }],
            { credentials: request.credentials },
          );
      systems.push({
        entityRef,
        owner: entity?.spec?.owner as string | undefined,
        problem,
        allowed: allowed(decision),
      });
    }
    return systems;
  }

  private async ownerRefusal(
    initiator: string,
    owner: string,
    isAdmin: boolean,
    own: BackstageCredentials,
  ): Promise<string | undefined> {
    const { catalog } = this.options;
    const [ownerEntity, user] = await Promise.all([
      catalog.getEntityByRef(owner, { credentials: own }),
      catalog.getEntityByRef(initiator, { credentials: own }),
    ]);
    const groups = (user?.relations ?? [])
      .filter(relation => relation.type === 'memberOf')
      .map(relation => relation.targetRef);
    return refusalOfOwner({
      initiator,
      owner,
      ownerKind: ownerEntity?.kind,
      groups,
      isAdmin,
    });
  }
}
