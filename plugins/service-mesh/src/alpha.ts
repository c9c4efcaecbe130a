/**
 * The service mesh plugin for the new frontend system: an API, an entity card
 * and an entity tab.
 *
 * @packageDocumentation
 */
export { serviceMeshPlugin as default } from './alpha/plugin';
export {
  serviceMeshApi,
  serviceMeshEntityCard,
  serviceMeshEntityContent,
  isServiceMeshEntity,
} from './alpha/extensions';
