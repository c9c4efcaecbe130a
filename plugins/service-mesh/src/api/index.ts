export { serviceMeshApiRef } from './ServiceMeshApi';
export type {
  MeshEntityRef,
  ServiceMeshApi,
  TrafficShiftRequest,
} from './ServiceMeshApi';
export { ServiceMeshClient } from './ServiceMeshClient';
