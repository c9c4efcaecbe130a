import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { loadAllYaml } from '@kubernetes/client-node';
import { MeshWriteAuthorizer } from '@service-mesh/plugin-service-mesh-node';
import fs from 'node:fs';
import path from 'node:path';
import { runAction } from '../__testUtils__/runAction';
import {
  startTestCluster,
  storedState,
  TestCluster,
} from '../__testUtils__/testCluster';
import { createPreflightAction } from '../actions/preflight';
import { templatesDir } from '../templates/installedActions';
import { parameterDefaults, parseTemplate } from '../templates/templateSteps';

jest.setTimeout(180_000);

const guest = 'user:default/guest';

/** The repository's entities: templates, the org and the SockShop System. */
function repositoryEntities(): Entity[] {
  const read = (file: string) =>
    loadAllYaml(fs.readFileSync(file, 'utf8')).filter(Boolean) as Entity[];
  const templates = fs
    .readdirSync(templatesDir)
    .map(dir => path.join(templatesDir, dir, 'template.yaml'))
    .filter(file => fs.existsSync(file))
    .flatMap(read);
  const org = read(path.join(templatesDir, '..', 'catalog', 'org.yaml')).map(
    entity =>
      // the catalog's processors would add these relations
      entity.kind === 'User'
        ? {
            ...entity,
            relations: [
              { type: 'memberOf', targetRef: 'group:default/sockshop-team' },
            ],
          }
        : entity,
  );
  const sockshop = read(path.join(templatesDir, '..', 'catalog-info.yaml'));
  return [...templates, ...org, ...sockshop];
}

/** The real rule over that catalog, for a user who may provision and is no admin. */
function guestAuthorizer(catalog: ReturnType<typeof catalogServiceMock>) {
  return new MeshWriteAuthorizer({
    catalog,
    permissions: mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(request => ({
          result:
            'permission' in request &&
            request.permission.name === 'servicemesh.admin'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })) as any,
    }),
    auth: mockServices.auth(),
    auditor: mockServices.auditor.mock({
      createEvent: async () => ({
        success: async () => {},
        fail: async () => {},
      }),
    }),
  });
}

type TemplateName =
  | 'sockshop-service-mesh'
  | 'sockshop-traffic-shift'
  | 'sockshop-mesh-teardown';

/** [template, form values over the defaults, every sentence the refusal must have, the error] */
type Case = [TemplateName, Record<string, unknown>, string[], string];

const mesh = 'sockshop-service-mesh';
const shift = 'sockshop-traffic-shift';
const teardown = 'sockshop-mesh-teardown';
// the guest's own namespaces (guest-sockshop has no SockShop yet: a new user)
const own = { userId: 'guest' };
const duration =
  'Ejection time (baseEjectionTime): must be a duration like 500ms, 30s, 1m or 1h';
const weight =
  'Share of traffic for v2 (%) (v2Weight): must be a whole number from 0 to 100, got';
const image =
  'v2 image (canaryImage): must be an image reference like quay.io/org/name:tag (lowercase name, optional tag)';
const services =
  'there are carts, carts-db, catalogue, catalogue-db, front-end, orders, orders-db, payment, queue-master, rabbitmq, shipping, user, user-db';
const configured = 'configured clusters: local, read-only, no-rights';

/**
 * The inputs a template run used to accept, or to refuse only after earlier
 * steps had written (issue 17): each is now refused by the preflight, before
 * any write, naming the form field. The README's "Validation" table lists them.
 */
const cases: Case[] = [
  [mesh, { ...own, baseEjectionTime: 'forever' }, [duration], 'InputError'],
  [mesh, { ...own, baseEjectionTime: '0s' }, [duration], 'InputError'],
  [
    mesh,
    { ...own, circuitBreakerService: 'nonexistent' },
    [
      `Service (circuitBreakerService): 'nonexistent' is not a Service of SockShop in guest-sockshop (not there now, nor in the SockShop manifests the run deploys); ${services}`,
    ],
    'NotFoundError',
  ],
  [
    mesh,
    { ...own, circuitBreakerService: 'Carts' },
    [
      "Service (circuitBreakerService): must be the name of a Service of SockShop, like carts (lowercase letters, digits and '-')",
    ],
    'InputError',
  ],
  [
    mesh,
    { ...own, consecutive5xxErrors: 0 },
    [
      'Errors in a row before a pod is ejected (consecutive5xxErrors): must be at least 1',
    ],
    'InputError',
  ],
  [
    mesh,
    { ...own, consecutive5xxErrors: 1001 },
    [
      'Errors in a row before a pod is ejected (consecutive5xxErrors): must be at most 1000',
    ],
    'InputError',
  ],
  [
    mesh,
    { ...own, consecutive5xxErrors: 2.5 },
    [
      'Errors in a row before a pod is ejected (consecutive5xxErrors): must be a whole number',
    ],
    'InputError',
  ],
  [
    mesh,
    { ...own, canaryImage: 'Mosuke5/Front-End:v2' },
    [image],
    'InputError',
  ],
  [mesh, { ...own, canaryImage: '' }, [image], 'InputError'],
  [mesh, { ...own, v2Weight: 120 }, [`${weight} 120`], 'InputError'],
  [mesh, { ...own, v2Weight: -5 }, [`${weight} -5`], 'InputError'],
  [mesh, { ...own, v2Weight: 20.5 }, [`${weight} 20.5`], 'InputError'],
  [
    mesh,
    { ...own, appsDomain: 'localhost' },
    [
      'Apps domain (appsDomain): must be a lowercase DNS domain like apps.cluster.example.com',
    ],
    'InputError',
  ],
  [
    mesh,
    {
      ...own,
      appsDomain: `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(
        60,
      )}.${'d'.repeat(50)}`,
    },
    [
      'Apps domain (appsDomain): makes the Route host 258 characters long, at most 253 are allowed',
    ],
    'InputError',
  ],
  [
    mesh,
    { userId: 'u'.repeat(45) },
    [
      `User id (userId): makes the Route host's first label front-end-${'u'.repeat(
        45,
      )}-sockshop 64 characters long, at most 63 are allowed (a user id of at most 44 characters)`,
    ],
    'InputError',
  ],
  [
    mesh,
    { ...own, smcpVersion: 'v3' },
    [
      "ServiceMeshControlPlane API (smcpVersion): Invalid enum value. Expected 'v1' | 'v2', received 'v3'",
    ],
    'InputError',
  ],
  [
    mesh,
    { ...own, mtls: 'yes' },
    ['Mutual TLS between sidecars (mtls): Expected boolean, received string'],
    'InputError',
  ],
  [
    mesh,
    { ...own, deploySockshop: false },
    [
      "Service (circuitBreakerService): 'carts' is not a Service of SockShop in guest-sockshop (not there now, and the run deploys no SockShop: Deploy SockShop when the namespace lacks it (deploySockshop) is off); guest-sockshop has no Services",
      "Deploy front-end v2 beside v1 (canary): 'front-end' is not a Deployment of SockShop in guest-sockshop (not there now, and the run deploys no SockShop: Deploy SockShop when the namespace lacks it (deploySockshop) is off); guest-sockshop has no Deployments",
    ],
    'NotFoundError',
  ],
  [
    mesh,
    { ...own, owner: 'group:default/nobody' },
    [
      'Owner in the catalog (owner): group:default/nobody is not in the catalog',
    ],
    'NotFoundError',
  ],
  [
    mesh,
    { ...own, owner: 'group:default/platform-admins' },
    [
      'Owner in the catalog (owner): user:default/guest may register as owner only themselves or a group they belong to (user:default/guest, group:default/sockshop-team), not group:default/platform-admins',
    ],
    'InputError',
  ],
  [
    mesh,
    { ...own, owner: 'template:default/sockshop-traffic-shift' },
    [
      'Owner in the catalog (owner): template:default/sockshop-traffic-shift is a Template; the owner must be a User or a Group',
    ],
    'InputError',
  ],
  [
    mesh,
    { ...own, owner: 'the sockshop team' },
    [
      'Owner in the catalog (owner): must be a user or group like group:default/team',
    ],
    'InputError',
  ],
  [
    mesh,
    { ...own, cluster: 'elsewhere' },
    [`Cluster (cluster): unknown cluster 'elsewhere'; ${configured}`],
    'InputError',
  ],
  [
    mesh,
    {
      ...own,
      baseEjectionTime: 'forever',
      circuitBreakerService: 'nonexistent',
      v2Weight: 120,
      owner: 'group:default/nobody',
    },
    [
      duration,
      "Service (circuitBreakerService): 'nonexistent' is not a Service",
      `${weight} 120`,
      'Owner in the catalog (owner): group:default/nobody is not in the catalog',
    ],
    'InputError',
  ],
  [
    mesh,
    { userId: 'user1' },
    [
      "User id (userId): namespace user1-sockshop on cluster local has no owning System in the catalog and is not one of user:default/guest's own namespaces (guest-istio-system, guest-sockshop); only an admin (servicemesh.admin) may change it",
    ],
    'NotAllowedError',
  ],
  [
    teardown,
    { userId: 'user1' },
    [
      "User id (userId): namespace user1-sockshop on cluster local has no owning System in the catalog and is not one of user:default/guest's own namespaces (guest-istio-system, guest-sockshop); only an admin (servicemesh.admin) may tear down it",
    ],
    'NotAllowedError',
  ],
  [
    shift,
    { system: 'not a ref' },
    [
      'SockShop (system): must be an entity ref like system:default/sockshop, got "not a ref"',
    ],
    'InputError',
  ],
  [
    shift,
    { system: 'system:default/nope' },
    ['SockShop (system): system:default/nope is not in the catalog'],
    'NotFoundError',
  ],
  [
    shift,
    { system: 'group:default/sockshop-team' },
    [
      'SockShop (system): group:default/sockshop-team has no backstage.io/kubernetes-namespace annotation',
    ],
    'InputError',
  ],
  [
    shift,
    { system: 'system:default/sockshop' },
    [
      "SockShop (system): VirtualService 'front-end-virtualservice' does not exist in namespace 'user1-sockshop'; deploy a canary first",
      // user1-sockshop is not the guest's: the rule refuses it too, and both are told
      "SockShop (system): namespace user1-sockshop on cluster local has no owning System in the catalog and is not one of user:default/guest's own namespaces (guest-istio-system, guest-sockshop); only an admin (servicemesh.admin) may shift the traffic of it",
    ],
    'NotFoundError',
  ],
  [
    shift,
    { system: 'system:default/sockshop', v2Weight: 120 },
    [`${weight} 120`],
    'InputError',
  ],
  [
    shift,
    { system: 'system:default/sockshop', cluster: 'elsewhere' },
    [`Cluster (cluster): unknown cluster 'elsewhere'; ${configured}`],
    'InputError',
  ],
  [
    teardown,
    { ...own, cluster: 'elsewhere' },
    [`Cluster (cluster): unknown cluster 'elsewhere'; ${configured}`],
    'InputError',
  ],
];

/** What the portal's service account must be allowed, per template, that the read-only one is not. */
const accessCases: [TemplateName, Record<string, unknown>, string[], string][] =
  [
    [
      mesh,
      { ...own, cluster: 'read-only' },
      [
        "the portal's service account may not create namespaces in the cluster",
        "the portal's service account may not create deployments.apps in guest-sockshop",
        "the portal's service account may not patch servicemeshcontrolplanes.maistra.io in guest-istio-system",
        "the portal's service account may not create servicemeshmemberrolls.maistra.io in guest-istio-system",
        "the portal's service account may not delete routes.route.openshift.io in guest-sockshop",
        "the portal's service account may not create routes/custom-host.route.openshift.io in guest-istio-system",
        "the portal's service account may not patch destinationrules.networking.istio.io in guest-sockshop",
      ],
      'ClusterError',
    ],
    [
      mesh,
      { ...own, cluster: 'no-rights' },
      [
        "the portal's service account may not create namespaces in the cluster",
        "the portal's service account may not list services in guest-sockshop",
        "the portal's service account may not list deployments.apps in guest-sockshop",
      ],
      'ClusterError',
    ],
    [
      shift,
      { system: 'system:default/sockshop', cluster: 'read-only' },
      [
        "the portal's service account may not patch virtualservices.networking.istio.io in user1-sockshop",
        // told at once with what else is wrong; a missing object decides the error
        "SockShop (system): VirtualService 'front-end-virtualservice' does not exist in namespace 'user1-sockshop'",
      ],
      'NotFoundError',
    ],
    [
      teardown,
      { ...own, cluster: 'read-only' },
      [
        "the portal's service account may not delete virtualservices.networking.istio.io in guest-sockshop",
        "the portal's service account may not delete servicemeshcontrolplanes.maistra.io in guest-istio-system",
        "the portal's service account may not delete namespaces in the cluster",
      ],
      'ClusterError',
    ],
  ];

describe('the preflight refuses a bad run before any write, naming the form field', () => {
  let cluster: TestCluster;
  let config: ConfigReader;
  let action: ReturnType<typeof createPreflightAction>;

  beforeAll(async () => {
    cluster = await startTestCluster();
    const { sandbox } = cluster;
    const entry = (name: string, token: string) => ({
      name,
      url: sandbox.url,
      authProvider: 'serviceAccount',
      serviceAccountToken: token,
      caData: Buffer.from(sandbox.caCertificate).toString('base64'),
    });
    config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              entry('local', sandbox.tokens.write),
              entry('read-only', sandbox.tokens.read),
              entry('no-rights', sandbox.tokens.none),
            ],
          },
        ],
      },
    });
    const catalog = catalogServiceMock({ entities: repositoryEntities() });
    catalog.getLocations = (async () => ({ items: [] })) as any;
    action = createPreflightAction({
      config,
      catalog,
      auth: mockServices.auth(),
      authorizer: guestAuthorizer(catalog),
    });
  });
  afterAll(() => cluster.stop());

  async function refusal(
    name: TemplateName,
    values: Record<string, unknown>,
    options: { dryRun?: boolean } = {},
  ) {
    const template = parseTemplate(
      fs.readFileSync(path.join(templatesDir, name, 'template.yaml'), 'utf8'),
    );
    const parameters = { ...parameterDefaults(template), ...values };
    const before = await storedState(cluster.sandbox);
    cluster.sandbox.stats.reset();
    const preflight = template.spec.steps.find(
      s => s.action === 'servicemesh:preflight',
    )!;
    const error = await runAction(
      action,
      {
        ...('cluster' in (preflight.input ?? {})
          ? { cluster: parameters.cluster }
          : {}),
        ...('user' in (preflight.input ?? {})
          ? { user: parameters.userId || 'guest' }
          : {}),
        parameters,
      },
      {
        dryRun: options.dryRun,
        workspacePath: path.join(templatesDir, name),
        templateInfo: {
          entityRef: `template:default/${name}`,
          entity: { metadata: { name } },
        },
        user: { ref: guest, entity: { metadata: { name: 'guest' } } },
        credentials: mockCredentials.user(guest),
      },
    ).then(
      () => undefined,
      e => e,
    );
    const { byResource } = cluster.sandbox.stats.snapshot();
    const writes = Object.entries(byResource).flatMap(([resource, verbs]) =>
      Object.keys(verbs)
        .filter(verb => !['get', 'list', 'watch'].includes(verb))
        .map(verb => `${verb} ${resource}`),
    );
    return {
      error,
      writes: writes.filter(
        w => w !== 'create selfsubjectaccessreviews.authorization.k8s.io',
      ),
      before,
      after: await storedState(cluster.sandbox),
    };
  }

  it('lets the form defaults through', async () => {
    for (const [name, values] of [
      [mesh, own],
      [teardown, own],
    ] as const) {
      const { error } = await refusal(name, values);
      expect({ name, error }).toEqual({ name, error: undefined });
    }
  });

  it.each(cases)('%s %j', async (name, values, sentences, errorName) => {
    const { error, writes, before, after } = await refusal(name, values);
    expect(`${error?.name}: ${error?.message}`).toMatch(
      new RegExp(`^${errorName}: `),
    );
    for (const sentence of sentences) expect(error.message).toContain(sentence);
    expect(error.message).toMatch(
      /^The run would fail, so nothing was written: /,
    );
    // never a raw pattern, an internal input or a JSON schema sentence
    expect(error.message).not.toMatch(
      /\^\[|weights\.v|\binput (image|weights|service)\b|instance requires/,
    );
    expect(writes).toEqual([]);
    expect(after).toEqual(before);
  });

  it.each(accessCases)(
    '%s %j: one sentence per missing permission',
    async (name, values, sentences, errorName) => {
      const { error, writes, before, after } = await refusal(name, values);
      expect(`${error?.name}: ${error?.message}`).toMatch(
        new RegExp(`^${errorName}: `),
      );
      for (const sentence of sentences)
        expect(error.message).toContain(sentence);
      expect(error.message).not.toContain(cluster.sandbox.tokens.read);
      expect(error.message).not.toContain(cluster.sandbox.tokens.none);
      expect(writes).toEqual([]);
      expect(after).toEqual(before);
    },
  );

  it('refuses the same way in a dry run', async () => {
    const { error, writes } = await refusal(
      mesh,
      { ...own, baseEjectionTime: 'forever' },
      { dryRun: true },
    );
    expect(error.message).toContain(duration);
    expect(writes).toEqual([]);
  });
});
