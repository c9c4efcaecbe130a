export { EntityServiceMeshCard } from './EntityServiceMeshCard';
export type { EntityServiceMeshCardProps } from './EntityServiceMeshCard';
