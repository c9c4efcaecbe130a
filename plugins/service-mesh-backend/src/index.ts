/**
 * The `service-mesh` backend plugin: the mesh status of catalog entities from
 * Kubernetes, Kiali and Prometheus, and permission-gated traffic shifting.
 *
 * @packageDocumentation
 */
export { serviceMeshPlugin as default } from './plugin';
export { assembleStatus } from './status/assembleStatus';
export type { EntityScope } from './status/assembleStatus';
export type {
  KubeObject,
  NamespaceObjects,
  ControlPlaneObjects,
} from './status/kubeObjects';
export type { NamespaceHealth } from './kiali/kialiClient';
