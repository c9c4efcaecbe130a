import type { V1Deployment } from '@kubernetes/client-node';
import { namespaceEntities } from './namespaceEntities';

function deployment(
  name: string,
  image: string,
  labels: Record<string, string>,
): V1Deployment {
  return {
    metadata: { name },
    spec: {
      selector: { matchLabels: { name: labels.name ?? name } },
      template: {
        metadata: { labels },
        spec: { containers: [{ name, image }] },
      },
    },
  };
}

const location = {
  cluster: 'prod',
  namespace: 'team-shop',
  system: 'shop',
  owner: 'group:default/team',
};

describe('namespaceEntities', () => {
  it('groups versions by app label, tells data stores from services and selects by label', () => {
    const entities = namespaceEntities(location, [
      deployment('web', 'quay.io/acme/web:1', { name: 'web', app: 'web' }),
      deployment('web-v2', 'quay.io/acme/web:2', {
        name: 'web',
        app: 'web',
        version: 'v2',
      }),
      deployment('web-db', 'quay.io/acme/postgres-custom:1', {
        name: 'web-db',
      }),
      deployment(
        'cache',
        `docker.io/library/redis:7@sha256:${'a'.repeat(64)}`,
        {
          name: 'cache',
        },
      ),
      deployment('queue', 'rabbitmq:3-management', { name: 'queue' }),
    ]);
    expect(
      entities.map(e => [
        e.kind,
        e.metadata.name,
        e.spec?.type,
        e.metadata.annotations?.['backstage.io/kubernetes-label-selector'],
      ]),
    ).toEqual([
      ['System', 'shop', undefined, undefined],
      ['Resource', 'cache', 'database', 'name=cache'],
      ['Resource', 'queue', 'queue', 'name=queue'],
      ['Component', 'web', 'service', 'app=web'],
      ['Resource', 'web-db', 'database', 'name=web-db'],
    ]);
    for (const entity of entities) {
      expect(entity.metadata.namespace).toBe('team-shop');
      expect(entity.metadata.annotations).toMatchObject({
        'backstage.io/kubernetes-namespace': 'team-shop',
        'backstage.io/kubernetes-cluster': 'prod',
      });
      expect(entity.spec?.owner).toBe('group:default/team');
    }
    const web = entities.find(e => e.metadata.name === 'web')!;
    expect(web.spec).toMatchObject({
      system: 'shop',
      dependsOn: ['resource:web-db'],
    });
  });

  it('links the System to the hosts its mesh gateway serves', () => {
    const [system] = namespaceEntities(location, [], {
      gatewayHosts: ['shop.apps.example.com'],
    });
    expect(system.metadata.links).toEqual([
      {
        url: 'http://shop.apps.example.com',
        title: 'shop.apps.example.com through the mesh gateway',
        icon: 'web',
      },
    ]);
  });

  it('an empty namespace is a System alone', () => {
    expect(namespaceEntities(location, []).map(e => e.kind)).toEqual([
      'System',
    ]);
  });
});
