import { Entity } from '@backstage/catalog-model';
import { entityScope } from './entityScope';

const entity = (kind: string, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'carts', namespace: 'default', annotations },
  spec: {},
});

describe('entityScope', () => {
  it('scopes a System to its namespace on the only cluster', () => {
    expect(
      entityScope(
        entity('System', {
          'backstage.io/kubernetes-namespace': 'user1-sockshop',
        }),
        ['local'],
      ),
    ).toEqual({
      entity: { kind: 'system', namespace: 'default', name: 'carts' },
      cluster: 'local',
      namespace: 'user1-sockshop',
    });
  });

  it('scopes a Component to the workloads of its label selector', () => {
    const scope = entityScope(
      entity('Component', {
        'backstage.io/kubernetes-namespace': 'user1-sockshop',
        'backstage.io/kubernetes-label-selector': 'name=carts',
      }),
      ['local'],
    );
    expect(scope.workloadLabels).toEqual({ name: 'carts' });
  });

  it('falls back to the kubernetes-id label and honours a cluster annotation', () => {
    const scope = entityScope(
      entity('Component', {
        'backstage.io/kubernetes-namespace': 'user1-sockshop',
        'backstage.io/kubernetes-id': 'carts',
        'backstage.io/kubernetes-cluster': 'east',
      }),
      ['west', 'east'],
    );
    expect(scope).toMatchObject({
      cluster: 'east',
      workloadLabels: { 'backstage.io/kubernetes-id': 'carts' },
    });
  });

  it.each([
    [
      entity('Component', {}),
      ['local'],
      'has no backstage.io/kubernetes-namespace annotation',
    ],
    [
      entity('System', { 'backstage.io/kubernetes-namespace': 'ns' }),
      ['a', 'b'],
      'several clusters are configured (a, b)',
    ],
    [
      entity('Component', { 'backstage.io/kubernetes-namespace': 'ns' }),
      ['local'],
      'has neither backstage.io/kubernetes-label-selector',
    ],
    [
      entity('Component', {
        'backstage.io/kubernetes-namespace': 'ns',
        'backstage.io/kubernetes-label-selector': 'tier in (web)',
      }),
      ['local'],
      'only equality terms are supported',
    ],
  ])('explains what is missing (%#)', (e, clusters, message) => {
    expect(() => entityScope(e, clusters)).toThrow(message);
  });
});
