/**
 * Service mesh entity card and tab: sidecars, traffic weights and the observed
 * split, rates, Kiali health, findings, and traffic shifting.
 *
 * @packageDocumentation
 */
export {
  serviceMeshPlugin,
  EntityServiceMeshCard,
  EntityServiceMeshContent,
} from './plugin';
export { isServiceMeshAvailable } from './isServiceMeshAvailable';
export { serviceMeshApiRef, ServiceMeshClient } from './api';
export type { MeshEntityRef, ServiceMeshApi, TrafficShiftRequest } from './api';
export type { EntityServiceMeshCardProps } from './components';
export type { MeshStatusOptions } from './hooks';
