import {
  ApiBlueprint,
  discoveryApiRef,
  ExtensionDefinition,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { ServiceMeshClient, serviceMeshApiRef } from '../api';
import { isServiceMeshAvailable } from '../isServiceMeshAvailable';

/** @alpha */
export const serviceMeshApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: serviceMeshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ServiceMeshClient({ discoveryApi, fetchApi }),
    }),
});

const meshKinds = ['system', 'component'];

/**
 * Systems and Components whose mesh status the backend can answer.
 *
 * @alpha
 */
export function isServiceMeshEntity(entity: Entity): boolean {
  return (
    meshKinds.includes(entity.kind.toLocaleLowerCase('en-US')) &&
    isServiceMeshAvailable(entity)
  );
}

// Typed loosely: catalog-react builds on another copy of frontend-plugin-api,
// whose types this package cannot name.
/** @alpha */
export const serviceMeshEntityCard: ExtensionDefinition =
  EntityCardBlueprint.make({
    name: 'service-mesh',
    params: {
      filter: isServiceMeshEntity,
      loader: () =>
        import('../components/ServiceMeshCard').then(m => (
          <m.EntityServiceMeshCard />
        )),
    },
  });

/** @alpha */
export const serviceMeshEntityContent: ExtensionDefinition =
  EntityContentBlueprint.make({
    name: 'service-mesh',
    params: {
      path: '/service-mesh',
      title: 'Service mesh',
      filter: isServiceMeshEntity,
      loader: () =>
        import('../components/ServiceMeshContent').then(m => (
          <m.EntityServiceMeshContent />
        )),
    },
  });
