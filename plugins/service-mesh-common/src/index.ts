/**
 * Types, permissions, annotation names and pure helpers shared by the Service
 * Mesh plugins.
 *
 * @packageDocumentation
 */
export * from './meshStatus';
export * from './permissions';
export * from './annotations';
export * from './weights';
export * from './findings';
export * from './namespaceLocation';
export * from './namespaceAccess';
