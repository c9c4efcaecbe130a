/**
 * Catalog module for the Service Mesh plugins: meshed namespaces registered by
 * the template become a System with its Components and Resources.
 *
 * @packageDocumentation
 */
export { catalogModuleServiceMesh as default } from './module';
export { NamespaceLocationProcessor } from './NamespaceLocationProcessor';
export { namespaceEntities } from './namespaceEntities';
