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
export * from './weightedTraffic';
export * from './namespaceLocation';
export * from './kialiHealth';
export * from './responseHealth';
export * from './trafficGraph';
export * from './trafficGraphModel';
export * from './istioRequests';
export * from './namespaceAccess';
export * from './rollout';
export * from './hosts';
export * from './perVersionServices';
export * from './kubernetesNames';
export * from './dataStores';
export * from './podReadiness';
