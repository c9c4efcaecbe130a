import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { NAMESPACE_LOCATION_TYPE } from '@service-mesh/plugin-service-mesh-common';
import { NamespaceLocationProcessor } from './NamespaceLocationProcessor';

/**
 * Lets the catalog read `service-mesh-namespace` locations, which the
 * `servicemesh:catalog:register` template action adds. The catalog API then
 * accepts `url` locations (its default) and these.
 *
 * @public
 */
export const catalogModuleServiceMesh = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'service-mesh',
  register(env) {
    env.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        locations: catalogLocationsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ processing, locations, config, logger }) {
        processing.addProcessor(
          new NamespaceLocationProcessor({ config, logger }),
        );
        locations.setAllowedLocationTypes(['url', NAMESPACE_LOCATION_TYPE]);
      },
    });
  },
});
