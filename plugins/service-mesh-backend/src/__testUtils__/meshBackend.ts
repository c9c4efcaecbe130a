import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Sandbox, sandboxKubernetesConfig } from '@internal/mesh-sandbox';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { serviceMeshPlugin } from '../plugin';
import { catalogWithLocations } from './catalog';
import { frontEndComponent } from './entities';

const annotations = (extra: Record<string, string> = {}) => ({
  'backstage.io/kubernetes-namespace': 'user1-sockshop',
  ...extra,
});
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'no-annotations', namespace: 'default' },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'bookinfo',
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-namespace': 'bookinfo' },
    },
    spec: { owner: 'team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'sockshop',
      namespace: 'default',
      annotations: annotations(),
    },
    spec: { owner: 'team' },
  },
  frontEndComponent,
];

/**
 * A backend with the service-mesh plugin against the sandbox: catalog
 * entities pointing at user1-sockshop, permissions allowing all (`result`)
 * or decided per permission, and every audit event recorded in `events`.
 */
export async function backendFor(
  sandbox: Sandbox,
  options: {
    result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    /** Decides each permission by name and resource, instead of `result`. */
    decide?: (permission: string, resourceRef?: string) => boolean;
    cacheTtlSeconds?: number;
    /** Backstage's own scheduler (tasks run on their schedule) instead of the mock that runs them once. */
    realScheduler?: boolean;
    /** More of the `serviceMesh` section. */
    serviceMesh?: Record<string, unknown>;
    locations?: { id: string; type: string; target: string }[];
    entities?: Entity[];
  } = {},
) {
  const auditor = mockServices.auditor.mock();
  const events: any[] = [];
  auditor.createEvent.mockImplementation(async (event: any) => {
    events.push({ ...event, request: undefined });
    return {
      success: async (done?: { meta?: object }) => {
        events.push(done?.meta ? { success: done.meta } : 'success');
      },
      fail: async ({ error }: { error: Error }) => {
        events.push({ fail: error.message });
      },
    };
  });
  const { decide } = options;
  const permissions = decide
    ? mockServices.permissions.mock({
        authorize: async (requests: any[]) =>
          requests.map(r => ({
            result: decide(r.permission.name, r.resourceRef)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
          })),
      }).factory
    : mockServices.permissions.factory({
        result: options.result ?? AuthorizeResult.ALLOW,
      });
  const backend = await startTestBackend({
    features: [
      serviceMeshPlugin,
      catalogWithLocations(
        [...entities, ...(options.entities ?? [])],
        options.locations,
      ),
      permissions,
      auditor.factory,
      ...(options.realScheduler ? [schedulerServiceFactory] : []),
      // Requests without a token are anonymous, as in a real backend.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: sandboxKubernetesConfig(sandbox),
          serviceMesh: {
            cacheTtlSeconds: options.cacheTtlSeconds ?? 5,
            ...options.serviceMesh,
          },
        },
      }),
    ],
  });
  return { backend, events };
}
