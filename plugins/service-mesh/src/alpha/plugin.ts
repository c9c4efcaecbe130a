import {
  createFrontendPlugin,
  OverridableFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import {
  serviceMeshApi,
  serviceMeshEntityCard,
  serviceMeshEntityContent,
} from './extensions';

/**
 * The service mesh plugin for the new frontend system.
 *
 * @alpha
 */
export const serviceMeshPlugin: OverridableFrontendPlugin =
  createFrontendPlugin({
    pluginId: 'service-mesh',
    title: 'Service mesh',
    info: { packageJson: () => import('../../package.json') },
    extensions: [
      serviceMeshApi,
      serviceMeshEntityCard,
      serviceMeshEntityContent,
    ],
  });
