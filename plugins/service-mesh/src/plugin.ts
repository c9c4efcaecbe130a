import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ServiceMeshClient, serviceMeshApiRef } from './api';
import { rootRouteRef } from './routes';

/** The service mesh plugin for the legacy frontend system. */
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

/** The overview card; place it inside an `EntitySwitch.Case if={isServiceMeshAvailable}`. */
export const EntityServiceMeshCard = serviceMeshPlugin.provide(
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

/** The entity tab with workloads, routes, circuit breakers and traffic shifting. */
export const EntityServiceMeshContent = serviceMeshPlugin.provide(
  createRoutableExtension({
    name: 'EntityServiceMeshContent',
    component: () =>
      import('./components/ServiceMeshContent').then(
        m => m.EntityServiceMeshContent,
      ),
    mountPoint: rootRouteRef,
  }),
);
