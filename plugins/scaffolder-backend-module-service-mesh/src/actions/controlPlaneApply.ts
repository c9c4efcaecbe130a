import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { kinds } from '../cluster/kinds';
import { MeshCluster } from '../cluster/meshCluster';
import { managedLabels } from '../cluster/ownership';
import { writesOf } from '../cluster/actionWrites';
import { MeshActionOptions, openSession } from '../cluster/session';
import * as fields from '../inputs/fields';
import { parseInput } from '../inputs/parseInput';
import { schemaFields, userNamespaces } from '../inputs/shape';
import { controlPlaneV1Spec, controlPlaneV2Spec } from './controlPlaneSpec';
import { controlPlaneExamples } from './controlPlaneApply.examples';
import { toTemplateExamples } from './exampleStep';

const inputShape = {
  cluster: fields.cluster(),
  user: fields.userId(),
  controlPlaneNamespace: fields
    .name('The control-plane namespace (default <user>-istio-system)')
    .optional(),
  name: fields
    .name('The ServiceMeshControlPlane name')
    .default('basic-install'),
  version: z
    .enum(['v1', 'v2'])
    .default('v1')
    .describe("The SMCP API: 'v1' is the guide's spec, 'v2' the OSSM 2 spec"),
  mtls: z.boolean().default(false).describe('Mutual TLS between sidecars'),
  policyChecks: z
    .boolean()
    .default(true)
    .describe('Mixer/istiod policy checks'),
  timeoutSeconds: fields.timeoutSeconds(
    600,
    'the control plane to become Ready',
  ),
};
export const controlPlaneApplyInput = z.object(inputShape);

async function routeUrl(cluster: MeshCluster, namespace: string, name: string) {
  const route = await cluster.read(kinds.route, name, namespace);
  const host = route?.spec?.host;
  return host ? `https://${host}` : '';
}

export function createControlPlaneApplyAction(options: MeshActionOptions) {
  return createTemplateAction({
    id: 'servicemesh:controlplane:apply',
    description:
      "Creates the user's control-plane namespace and ServiceMeshControlPlane, then waits until it is Ready",
    examples: toTemplateExamples(
      'servicemesh:controlplane:apply',
      controlPlaneExamples,
    ),
    supportsDryRun: true,
    schema: {
      input: schemaFields(inputShape),
      output: {
        namespace: () => z.string().describe('The control-plane namespace'),
        name: () => z.string().describe('The ServiceMeshControlPlane name'),
        version: () => z.string().describe('The mesh version'),
        kialiUrl: () => z.string().describe('Kiali, from its Route'),
        grafanaUrl: () => z.string().describe('Grafana, from its Route'),
        jaegerUrl: () => z.string().describe('Jaeger, from its Route'),
      },
    },
    async handler(ctx) {
      const params = parseInput(controlPlaneApplyInput, ctx.input);
      const namespace = userNamespaces(params).controlPlane;
      const session = await openSession(
        options,
        params.cluster,
        ctx,
        writesOf('servicemesh:controlplane:apply', params),
      );
      const spec =
        params.version === 'v1'
          ? controlPlaneV1Spec(params)
          : controlPlaneV2Spec(params);
      await session.applier.applyAll([
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace, labels: managedLabels(params.user) },
        },
        {
          apiVersion: `maistra.io/${params.version}`,
          kind: 'ServiceMeshControlPlane',
          metadata: {
            name: params.name,
            namespace,
            labels: managedLabels(params.user),
          },
          spec,
        },
      ]);

      const what = `ServiceMeshControlPlane ${namespace}/${params.name} to become Ready`;
      await session.waitFor({
        what,
        timeoutSeconds: params.timeoutSeconds,
        signal: ctx.signal,
        observe: async () => {
          const smcp = await session.cluster.read(
            kinds.controlPlane,
            params.name,
            namespace,
          );
          const ready = smcp?.status?.conditions?.find(
            (c: any) => c.type === 'Ready',
          );
          const components: string[] =
            smcp?.status?.readiness?.components?.ready ?? [];
          const count = smcp?.status?.annotations?.readyComponentCount;
          return {
            done: ready?.status === 'True',
            progress: `${count ?? '0'} components ready${
              components.length ? ` (${components.join(', ')})` : ''
            }${ready && ready.status !== 'True' ? `; ${ready.message}` : ''}`,
          };
        },
      });

      ctx.output('namespace', namespace);
      ctx.output('name', params.name);
      ctx.output('version', spec.version);
      ctx.output(
        'kialiUrl',
        await routeUrl(session.cluster, namespace, 'kiali'),
      );
      ctx.output(
        'grafanaUrl',
        await routeUrl(session.cluster, namespace, 'grafana'),
      );
      ctx.output(
        'jaegerUrl',
        await routeUrl(session.cluster, namespace, 'jaeger'),
      );
    },
  });
}
