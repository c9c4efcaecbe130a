/**
 * Scaffolder actions that provision a SockShop in OpenShift Service Mesh:
 * validated, dry-runnable, safe to re-run.
 *
 * @packageDocumentation
 */
export { scaffolderModuleServiceMesh as default } from './module';
export { createServiceMeshActions } from './actions';
export type { CatalogActionOptions } from './actions/catalogLocations';
export type { MeshActionOptions } from './cluster/session';
