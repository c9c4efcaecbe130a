/**
 * The `service-mesh` backend plugin: the mesh status of a catalog entity.
 *
 * @packageDocumentation
 */
export { assembleStatus, servicesInScope } from './status/assembleStatus';
export type { EntityScope } from './status/assembleStatus';
export type {
  ControlPlaneObjects,
  KubeObject,
  NamespaceObjects,
} from './status/kubeObjects';
