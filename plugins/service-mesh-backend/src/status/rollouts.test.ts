import {
  ANNOTATION_ROLLOUT,
  formatRolloutAnnotation,
  initialRolloutState,
  RolloutPlan,
} from '@service-mesh/plugin-service-mesh-common';
import { httpRoutesTo } from './httpRoutes';
import { KubeObject, NamespaceObjects } from './kubeObjects';
import { deliveryOfService, rolloutOfService } from './rollouts';

const ns = 'shop';

const plan: RolloutPlan = {
  service: 'web',
  stable: { subset: 'web-v1', version: 'v1' },
  canary: { subset: 'web-v2', version: 'v2' },
  steps: [10, 50],
  bakeSeconds: 30,
  checks: {
    minSuccessRatePercent: 99,
    maxP99LatencyMs: 300,
    minRequests: 10,
    interval: '30s',
    failedChecksThreshold: 2,
  },
};

const service = (name: string, selector: Record<string, string>) => ({
  metadata: { name, namespace: ns },
  spec: { selector },
});

function httpRoute(annotations: Record<string, string> = {}): KubeObject {
  return {
    metadata: { name: 'web-route', namespace: ns, annotations },
    spec: {
      parentRefs: [{ name: 'web', kind: 'Service', group: '' }],
      rules: [
        { backendRefs: [{ name: 'other', port: 80 }] },
        {
          backendRefs: [
            { name: 'web-v1', port: 80, weight: 90 },
            { name: 'web-v2', port: 80, weight: 10 },
          ],
        },
      ],
    },
  };
}

function objectsWith(route: KubeObject, more: Partial<NamespaceObjects> = {}) {
  const objects: NamespaceObjects = {
    deployments: [],
    pods: [],
    services: [
      service('web', { app: 'web' }),
      service('web-v1', { app: 'web', version: 'v1' }),
      service('web-v2', { app: 'web', version: 'v2' }),
    ],
    virtualServices: [],
    destinationRules: [],
    gateways: [],
    flaggerCanaries: [],
    argoRollouts: [],
    httpRoutes: [route],
    ...more,
  };
  const rules = httpRoutesTo({
    service: objects.services[0],
    services: objects.services,
    httpRoutes: objects.httpRoutes!,
    pods: [],
  });
  return { objects, rules };
}

describe('the status of a rollout kept on an HTTPRoute', () => {
  it('shows the rollout with the rule it steps', () => {
    const state = initialRolloutState(10, new Date('2026-12-08T10:00:00Z'));
    const { objects, rules } = objectsWith(
      httpRoute({
        [ANNOTATION_ROLLOUT]: formatRolloutAnnotation(plan, state),
      }),
    );
    const { rollout, rolloutProblem } = rolloutOfService(
      'web',
      [],
      rules,
      objects,
    );
    expect(rolloutProblem).toBeUndefined();
    expect(rollout).toMatchObject({
      route: { kind: 'HTTPRoute', name: 'web-route', index: 1 },
      plan,
      state,
      steps: [10, 50, 100],
      timeline: [],
    });
  });

  it('reports a rollout whose Services the route no longer sends to', () => {
    const state = initialRolloutState(10, new Date('2026-12-08T10:00:00Z'));
    const route = httpRoute({
      [ANNOTATION_ROLLOUT]: formatRolloutAnnotation(
        {
          ...plan,
          stable: { subset: 'web-blue', version: 'v1' },
          canary: { subset: 'web-green', version: 'v2' },
        },
        state,
      ),
    });
    const { objects, rules } = objectsWith(route);
    expect(rolloutOfService('web', [], rules, objects)).toEqual({
      rolloutProblem: {
        route: { kind: 'HTTPRoute', name: 'web-route' },
        message:
          "HTTPRoute web-route no longer routes web to Service 'web-blue' or 'web-green'",
      },
    });
  });

  it('names the Argo Rollout whose Gateway API plugin steps the HTTPRoute', () => {
    const { objects, rules } = objectsWith(httpRoute(), {
      argoRollouts: [
        {
          metadata: { name: 'web', namespace: ns },
          spec: {
            strategy: {
              canary: {
                trafficRouting: {
                  plugins: {
                    'argoproj-labs/gatewayAPI': {
                      httpRoute: 'web-route',
                      namespace: ns,
                    },
                  },
                },
              },
            },
          },
          status: { phase: 'Progressing' },
        },
      ],
    });
    expect(deliveryOfService([], rules, objects)).toEqual({
      tool: 'argo-rollouts',
      kind: 'Rollout',
      namespace: ns,
      name: 'web',
      phase: 'Progressing',
    });
  });

  it('names the Flagger Canary that owns the HTTPRoute', () => {
    const route = httpRoute();
    const owner = { apiVersion: 'flagger.app/v1beta1', kind: 'Canary' };
    route.metadata.ownerReferences = [{ ...owner, name: 'web', uid: '1' }];
    const { objects, rules } = objectsWith(route);
    expect(deliveryOfService([], rules, objects)).toMatchObject({
      tool: 'flagger',
      kind: 'Canary',
      name: 'web',
    });
  });
});
