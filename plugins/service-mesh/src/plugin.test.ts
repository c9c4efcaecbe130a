import {
  EntityServiceMeshCard,
  EntityServiceMeshContent,
  isServiceMeshAvailable,
  serviceMeshApiRef,
  serviceMeshPlugin,
} from './index';

describe('service-mesh plugin for the legacy frontend system', () => {
  it('registers the API factory under the plugin id', () => {
    expect(serviceMeshPlugin.getId()).toBe('service-mesh');
    const apis = [...serviceMeshPlugin.getApis()];
    expect(apis.map(f => f.api)).toEqual([serviceMeshApiRef]);
  });

  it('exports the card, the tab and the availability check', () => {
    expect(EntityServiceMeshCard).toBeDefined();
    expect(EntityServiceMeshContent).toBeDefined();
    expect(serviceMeshPlugin.routes.entityContent).toBeDefined();
    expect(typeof isServiceMeshAvailable).toBe('function');
  });
});
