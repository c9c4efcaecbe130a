import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DATAPLANE_MODE_LABEL,
  ISTIO_INJECTION_LABEL,
  ISTIO_REVISION_LABEL,
  MANAGED_BY_LABEL,
  USE_WAYPOINT_LABEL,
} from '@service-mesh/plugin-service-mesh-common';
import { z } from 'zod/v3';
import { KindInfo, kinds } from '../cluster/kinds';
import { isMissingKind } from '../cluster/errors';
import { KubeObject, MeshCluster } from '../cluster/meshCluster';
import {
  managedSelector,
  originalStateAnnotation,
  originalStateOf,
} from '../cluster/ownership';
import { writesOf } from '../cluster/actionWrites';
import {
  MeshActionOptions,
  MeshSession,
  openSession,
} from '../cluster/session';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import { toTemplateExamples } from './exampleStep';
import { DISCOVERY_LABEL } from './sailObjects';
import { teardownExamples } from './teardown.examples';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId(),
  namespace: fields
    .name('The SockShop namespace (default <user>-sockshop)')
    .optional(),
  controlPlaneNamespace: fields
    .name('The control-plane namespace (default <user>-istio-system)')
    .optional(),
  timeoutSeconds: fields.timeoutSeconds(
    300,
    'the deleted namespaces to finish terminating',
  ),
};
export const teardownInput = z.object(inputShape);

const label = (o: KubeObject) =>
  `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${
    o.metadata.name
  }`;

/** The objects of a kind the user's runs labelled; none where the cluster does not serve the kind. */
async function listServed(
  cluster: MeshCluster,
  kind: KindInfo,
  namespace: string | undefined,
  selector?: string,
): Promise<KubeObject[]> {
  try {
    return await cluster.list(kind, namespace, selector);
  } catch (error) {
    if (isMissingKind(error)) return [];
    throw error;
  }
}

/** The labels servicemesh:members:label and servicemesh:waypoint:apply put on a namespace. */
const sailMemberLabels = [
  DISCOVERY_LABEL,
  ISTIO_REVISION_LABEL,
  ISTIO_INJECTION_LABEL,
  DATAPLANE_MODE_LABEL,
  USE_WAYPOINT_LABEL,
];

/** Undoes one object: release our fields, or delete it (putting back what it replaced). */
async function undo(
  session: MeshSession,
  kind: KindInfo,
  object: KubeObject,
  done: string[],
) {
  const { cluster, dryRun, logger } = session;
  const state = originalStateOf(object);
  const verb = (past: string) => (dryRun ? `would be ${past}` : past);
  if (state && 'changed' in state) {
    // applying nothing with our field manager drops exactly the fields we set
    await cluster.apply(
      {
        apiVersion: object.apiVersion ?? kind.apiVersion,
        kind: kind.kind,
        metadata: {
          name: object.metadata.name,
          namespace: object.metadata.namespace,
        },
      },
      dryRun,
    );
    logger.info(
      `${label({ ...object, kind: kind.kind })}: ${verb(
        'restored',
      )} (the template's changes removed)`,
    );
  } else {
    await cluster.remove(
      kind,
      object.metadata.name,
      object.metadata.namespace,
      dryRun,
    );
    logger.info(`${label({ ...object, kind: kind.kind })}: ${verb('deleted')}`);
  }
  done.push(`${kind.kind}/${object.metadata.name}`);
  if (state && 'replaces' in state) {
    await session.applier.apply(state.replaces);
  }
}

/**
 * The user's OSSM 3 objects, which are cluster-scoped: the `default` revision
 * tag and the Istio; the cluster's IstioCNI and ZTunnel when the user's run
 * made them and no other Istio is left. Answers the node agents' namespaces.
 */
async function undoSail(
  session: MeshSession,
  user: string,
  undone: string[],
): Promise<string[]> {
  const { cluster, logger } = session;
  const selector = managedSelector(user);
  for (const kind of [kinds.istioRevisionTag, kinds.istio]) {
    for (const object of await listServed(cluster, kind, undefined, selector)) {
      await undo(session, kind, object, undone);
    }
  }
  const agents = [
    ...(await listServed(cluster, kinds.istioCni, undefined, selector)),
    ...(await listServed(cluster, kinds.ztunnel, undefined, selector)),
  ];
  if (agents.length === 0) return [];
  const others = (await listServed(cluster, kinds.istio, undefined)).filter(
    istio => istio.metadata.labels?.[MANAGED_BY_LABEL] !== user,
  );
  if (others.length > 0) {
    logger.info(
      `${agents.map(a => `${a.kind} default`).join(', ')}: kept (Istio ${others
        .map(o => o.metadata.name)
        .join(', ')} still uses them)`,
    );
    return [];
  }
  for (const agent of agents) {
    await undo(
      session,
      agent.kind === kinds.istioCni.kind ? kinds.istioCni : kinds.ztunnel,
      agent,
      undone,
    );
  }
  return agents.map(a => a.spec?.namespace).filter(Boolean);
}

export function createTeardownAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:teardown',
    description:
      "Undoes what the service mesh actions did for a user, OSSM 2 or OSSM 3 alike: deletes what they created, takes back what they changed, restores the Routes they replaced, removes the member (roll entry or labels) and deletes the control plane (ServiceMeshControlPlane or Istio; the cluster's IstioCNI and ZTunnel once no Istio is left)",
    examples: toTemplateExamples('servicemesh:teardown', teardownExamples),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        undone: () =>
          z.array(z.string()).describe('The objects deleted or restored'),
      },
    },
    async handler(ctx) {
      const params = parseInput(teardownInput, ctx.input);
      const namespaces = userNamespaces(params);
      const session = await openSession(
        options,
        params.cluster,
        ctx,
        writesOf('servicemesh:teardown', params),
      );
      const { cluster } = session;
      const selector = managedSelector(params.user);
      const undone: string[] = [];

      for (const kind of [
        kinds.httpRoute,
        kinds.virtualService,
        kinds.destinationRule,
        kinds.gateway,
        kinds.gatewayApiGateway,
        kinds.deployment,
      ]) {
        for (const object of await listServed(
          cluster,
          kind,
          namespaces.app,
          selector,
        )) {
          await undo(session, kind, object, undone);
        }
      }
      // the Routes that replaced others: the gateway's (OSSM 2) and the Gateway's (OSSM 3)
      const replacing = [
        ...(await listServed(
          cluster,
          kinds.route,
          namespaces.controlPlane,
          selector,
        )),
        ...(
          await listServed(cluster, kinds.route, namespaces.app, selector)
        ).filter(route => {
          const state = originalStateOf(route);
          return state !== undefined && 'replaces' in state;
        }),
      ];
      for (const route of replacing) {
        await undo(session, kinds.route, route, undone);
      }
      // what servicemesh:sockshop:deploy made, after the old Route came back
      for (const kind of [kinds.service, kinds.route]) {
        for (const object of await listServed(
          cluster,
          kind,
          namespaces.app,
          selector,
        )) {
          await undo(session, kind, object, undone);
        }
      }

      const [roll] = (
        await listServed(cluster, kinds.memberRoll, namespaces.controlPlane)
      ).filter(r => r.metadata.name === 'default');
      if (roll) {
        const rest = (roll.spec?.members ?? []).filter(
          (m: string) => m !== namespaces.app,
        );
        if (rest.length === 0 && !originalStateOf(roll)) {
          await undo(session, kinds.memberRoll, roll, undone);
        } else {
          await session.applier.apply({
            apiVersion: kinds.memberRoll.apiVersion,
            kind: kinds.memberRoll.kind,
            metadata: { name: 'default', namespace: namespaces.controlPlane },
            spec: { members: rest },
          });
          undone.push(
            `ServiceMeshMemberRoll/default (member ${namespaces.app})`,
          );
        }
      }
      for (const smcp of await listServed(
        cluster,
        kinds.controlPlane,
        namespaces.controlPlane,
        selector,
      )) {
        await undo(session, kinds.controlPlane, smcp, undone);
      }
      const agentNamespaces = await undoSail(session, params.user, undone);
      // a namespace the runs did not create keeps everything but the member labels
      const app = await cluster.read(kinds.namespace, namespaces.app);
      if (
        app &&
        app.metadata.labels?.[MANAGED_BY_LABEL] !== params.user &&
        sailMemberLabels.some(key => app.metadata.labels?.[key] !== undefined)
      ) {
        await undo(
          session,
          kinds.namespace,
          {
            ...app,
            metadata: {
              ...app.metadata,
              annotations: originalStateAnnotation({ changed: true }),
            },
          },
          undone,
        );
      }
      const deleted: string[] = [];
      for (const name of [
        namespaces.controlPlane,
        namespaces.app,
        ...agentNamespaces,
      ]) {
        const namespace = await cluster.read(kinds.namespace, name);
        if (namespace?.metadata.labels?.[MANAGED_BY_LABEL] === params.user) {
          await undo(session, kinds.namespace, namespace, undone);
          deleted.push(name);
        }
      }
      // A deleted namespace stays Terminating until Kubernetes has removed
      // everything in it; a template run meanwhile could not recreate it.
      if (deleted.length > 0) {
        await session.waitFor({
          what: `namespaces ${deleted.join(', ')} to finish terminating`,
          timeoutSeconds: params.timeoutSeconds,
          signal: ctx.signal,
          observe: async () => {
            const left: string[] = [];
            for (const name of deleted) {
              if (await cluster.read(kinds.namespace, name)) left.push(name);
            }
            return {
              done: left.length === 0,
              progress:
                left.length === 0
                  ? 'all gone'
                  : `still terminating: ${left.join(', ')}`,
            };
          },
        });
      }
      ctx.output('undone', undone);
    },
  });
}
