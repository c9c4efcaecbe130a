import { kinds } from '../client/kinds';
import { memberOfLabel } from '../operators/meshLabels';
import { memberRoll } from './guideMeshObjects';
import { Scenario, createAll, createNamespaces, whenReady } from './seeding';
import { Workload } from './sockshopWorkloads';
import { workloadDeployment, workloadService } from './workloadObjects';

export interface ScaleOptions {
  /** How many synthetic services (default 100). */
  services?: number;
}

export const scaleNamespace = 'scale';
export const scaleControlPlaneNamespace = 'scale-istio-system';

const syntheticWorkload = (index: number): Workload => ({
  name: `service-${String(index).padStart(4, '0')}`,
  image: 'quay.io/sandbox/synthetic-service:1.0',
  containerPort: 8080,
  portName: 'http',
});

/**
 * For benchmarks: namespace `scale` in a minimal v2 mesh (no addons) with N
 * synthetic services, each a Deployment with a sidecar and a Service.
 */
export function scaleScenario(options: ScaleOptions = {}): Scenario {
  return async context => {
    const { cache } = context;
    await createNamespaces(context, [
      scaleControlPlaneNamespace,
      scaleNamespace,
    ]);
    await createAll(context, kinds.controlPlanes, [
      {
        metadata: { name: 'basic', namespace: scaleControlPlaneNamespace },
        spec: {
          version: 'v2.5',
          tracing: { type: 'None' },
          addons: {
            prometheus: { enabled: false },
            grafana: { enabled: false },
            kiali: { enabled: false },
          },
        },
      },
    ]);
    await createAll(context, kinds.memberRolls, [
      memberRoll(scaleControlPlaneNamespace, [scaleNamespace]),
    ]);
    whenReady(
      context,
      'scenario/scale',
      () =>
        cache.get('', 'namespaces', undefined, scaleNamespace)?.metadata
          .labels?.[memberOfLabel] === scaleControlPlaneNamespace,
      async () => {
        const workloads = Array.from(
          { length: options.services ?? 100 },
          (_, i) => syntheticWorkload(i + 1),
        );
        await createAll(
          context,
          kinds.services,
          workloads.map(w => workloadService(w, scaleNamespace)),
        );
        await createAll(
          context,
          kinds.deployments,
          workloads.map(w =>
            workloadDeployment(w, scaleNamespace, {
              labels: { name: w.name, app: w.name, version: 'v1' },
              annotations: { 'sidecar.istio.io/inject': 'true' },
            }),
          ),
        );
      },
    );
  };
}
