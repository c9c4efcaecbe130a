import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { MANAGED_BY_LABEL } from '@service-mesh/plugin-service-mesh-common';
import { z } from 'zod/v3';
import { KindInfo, kinds } from '../cluster/kinds';
import { KubeObject } from '../cluster/meshCluster';
import { managedSelector, originalStateOf } from '../cluster/ownership';
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
  `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;

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

export function createTeardownAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:teardown',
    description:
      'Undoes what the service mesh actions did for a user: deletes what they created, takes back what they changed, restores the original front-end Route, removes the member and deletes the control plane',
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
        kinds.virtualService,
        kinds.destinationRule,
        kinds.gateway,
        kinds.deployment,
      ]) {
        for (const object of await cluster.list(
          kind,
          namespaces.app,
          selector,
        )) {
          await undo(session, kind, object, undone);
        }
      }
      for (const route of await cluster.list(
        kinds.route,
        namespaces.controlPlane,
        selector,
      )) {
        await undo(session, kinds.route, route, undone);
      }
      // what servicemesh:sockshop:deploy made, after the old Route came back
      for (const kind of [kinds.service, kinds.route]) {
        for (const object of await cluster.list(
          kind,
          namespaces.app,
          selector,
        )) {
          await undo(session, kind, object, undone);
        }
      }

      const roll = await cluster.read(
        kinds.memberRoll,
        'default',
        namespaces.controlPlane,
      );
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
      for (const smcp of await cluster.list(
        kinds.controlPlane,
        namespaces.controlPlane,
        selector,
      )) {
        await undo(session, kinds.controlPlane, smcp, undone);
      }
      const deleted: string[] = [];
      for (const name of [namespaces.controlPlane, namespaces.app]) {
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
