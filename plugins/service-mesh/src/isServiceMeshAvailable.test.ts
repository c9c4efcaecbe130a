import { Entity } from '@backstage/catalog-model';
import { isServiceMeshAvailable } from './isServiceMeshAvailable';

const entity = (kind: string, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', annotations },
});
const ns = { 'backstage.io/kubernetes-namespace': 'user1-sockshop' };

describe('isServiceMeshAvailable', () => {
  it('accepts a System with a namespace', () => {
    expect(isServiceMeshAvailable(entity('System', ns))).toBe(true);
  });

  it('accepts a Component with a namespace and a selector or kubernetes-id', () => {
    expect(
      isServiceMeshAvailable(
        entity('Component', {
          ...ns,
          'backstage.io/kubernetes-label-selector': 'name=carts',
        }),
      ),
    ).toBe(true);
    expect(
      isServiceMeshAvailable(
        entity('Component', { ...ns, 'backstage.io/kubernetes-id': 'carts' }),
      ),
    ).toBe(true);
  });

  it('rejects a Component that does not name its workloads', () => {
    expect(isServiceMeshAvailable(entity('Component', ns))).toBe(false);
  });

  it('rejects entities without a namespace', () => {
    expect(isServiceMeshAvailable(entity('System', {}))).toBe(false);
    expect(
      isServiceMeshAvailable(
        entity('Component', { 'backstage.io/kubernetes-id': 'carts' }),
      ),
    ).toBe(false);
  });
});
