import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { JSX } from 'react';
import { ServiceMeshClient, serviceMeshApiRef } from './api';
import type { EntityServiceMeshCardProps } from './components';
import type { MeshStatusOptions } from './hooks';
import { rootRouteRef } from './routes';

/**
 * The service mesh plugin for the legacy frontend system.
 *
 * @public
 */
export const serviceMeshPlugin = createPlugin({
  id: 'service-mesh',
  apis: [
    createApiFactory({
      api: serviceMeshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ServiceMeshClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { entityContent: rootRouteRef },
});

/**
 * The overview card; place it inside an `EntitySwitch.Case if={isServiceMeshAvailable}`.
 *
 * @public
 */
export const EntityServiceMeshCard: (
  props: EntityServiceMeshCardProps,
) => JSX.Element = serviceMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityServiceMeshCard',
    component: {
      lazy: () =>
        import('./components/ServiceMeshCard').then(
          m => m.EntityServiceMeshCard,
        ),
    },
  }),
);

/**
 * The entity tab with workloads, routes, circuit breakers and traffic shifting.
 *
 * @public
 */
export const EntityServiceMeshContent: (
  props: MeshStatusOptions,
) => JSX.Element = serviceMeshPlugin.provide(
  createRoutableExtension({
    name: 'EntityServiceMeshContent',
    component: () =>
      import('./components/ServiceMeshContent').then(
        m => m.EntityServiceMeshContent,
      ),
    mountPoint: rootRouteRef,
  }),
);
