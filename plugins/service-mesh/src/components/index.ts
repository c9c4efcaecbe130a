export { EntityServiceMeshCard } from './ServiceMeshCard';
export type { EntityServiceMeshCardProps } from './ServiceMeshCard';
export { EntityServiceMeshContent } from './ServiceMeshContent';
