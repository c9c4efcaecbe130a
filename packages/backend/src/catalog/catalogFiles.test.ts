import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  KindValidator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import path from 'node:path';
import {
  readEntities,
  repoCatalogFiles,
  repoRoot,
} from './__testUtils__/repoCatalogFiles';

// The same policies and kind validators the catalog applies when it ingests an entity.
const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);
const kindValidators: KindValidator[] = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  templateEntityV1beta3Validator,
];

const entries = repoCatalogFiles().flatMap(file =>
  readEntities(file).map(entity => ({
    file: path.relative(repoRoot, file),
    entity,
  })),
);
const entities = entries.map(e => e.entity);
const refOf = (entity: Entity) => stringifyEntityRef(entity);
const known = new Set(entities.map(refOf));

async function validate(entity: Entity) {
  const checked = await policy.enforce(entity);
  if (!checked) throw new Error('rejected by the entity policies');
  for (const validator of kindValidators) {
    if (await validator.check(checked)) return;
  }
  throw new Error(`no validator accepts kind ${entity.kind}`);
}

/** The references in an entity's spec that the catalog turns into relations. */
function referencesOf(entity: Entity): string[] {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const single = (field: string, defaultKind: string) =>
    typeof spec[field] === 'string'
      ? [refOf(parseEntityRef(spec[field] as string, { defaultKind }) as any)]
      : [];
  const many = (field: string, defaultKind: string) =>
    Array.isArray(spec[field])
      ? (spec[field] as string[]).map(ref =>
          refOf(parseEntityRef(ref, { defaultKind }) as any),
        )
      : [];
  if (entity.kind === 'Template') return single('owner', 'group');
  return [
    ...single('owner', 'group'),
    ...single('system', 'system'),
    ...single('domain', 'domain'),
    ...many('providesApis', 'api'),
    ...many('consumesApis', 'api'),
    ...many('dependsOn', 'component'),
    ...many('memberOf', 'group'),
  ];
}

describe('catalog files of the repository', () => {
  it.each(entries.map(e => [`${e.file}: ${refOf(e.entity)}`, e.entity]))(
    '%s passes the catalog validators',
    async (_name, entity) => {
      await expect(validate(entity as Entity)).resolves.toBeUndefined();
    },
  );

  it('every relation points at an entity the files define', () => {
    const dangling = entities.flatMap(entity =>
      referencesOf(entity)
        .filter(ref => !known.has(ref))
        .map(ref => `${refOf(entity)} -> ${ref}`),
    );
    expect(dangling).toEqual([]);
  });

  it('describes SockShop: one system, 8 components, 5 resources', () => {
    const inSockshop = (kind: string) =>
      entities
        .filter(e => e.kind === kind && (e.spec as any)?.system === 'sockshop')
        .map(e => e.metadata.name)
        .sort();
    expect(
      entities.filter(e => e.kind === 'System').map(e => e.metadata.name),
    ).toEqual(['sockshop']);
    expect(inSockshop('Component')).toEqual(
      [
        'carts',
        'catalogue',
        'front-end',
        'orders',
        'payment',
        'queue-master',
        'shipping',
        'user',
      ].sort(),
    );
    expect(inSockshop('Resource')).toEqual(
      ['carts-db', 'catalogue-db', 'orders-db', 'rabbitmq', 'user-db'].sort(),
    );
  });

  it('annotates every workload for the Kubernetes plugin', () => {
    const workloads = entities.filter(
      e => e.kind === 'Component' || e.kind === 'Resource',
    );
    for (const entity of workloads) {
      expect(entity.metadata.annotations).toEqual(
        expect.objectContaining({
          'backstage.io/kubernetes-namespace': 'user1-sockshop',
          'backstage.io/kubernetes-label-selector': `name=${entity.metadata.name}`,
        }),
      );
    }
    const system = entities.find(e => e.kind === 'System')!;
    expect(
      system.metadata.annotations?.['backstage.io/kubernetes-namespace'],
    ).toBe('user1-sockshop');
  });

  it('makes the guest user a member of the owning group', () => {
    const guest = entities.find(
      e => e.kind === 'User' && e.metadata.name === 'guest',
    );
    const system = entities.find(e => e.kind === 'System')!;
    const owner = parseEntityRef((system.spec as any).owner, {
      defaultKind: 'group',
    });
    expect((guest?.spec as any)?.memberOf).toContain(owner.name);
  });
});
