import { Sandbox } from '../sandbox';
import { startSeededSandbox } from './__testUtils__/cluster';
import { rawRequest } from './__testUtils__/request';

const aggregatedDiscoveryAccept =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('discovery', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSeededSandbox();
  });
  afterAll(() => sandbox.stop());

  const get = async (path: string, headers?: Record<string, string>) => {
    const response = await rawRequest(sandbox, path, {
      token: sandbox.tokens.read,
      headers,
    });
    expect(response.status).toBe(200);
    return response.json;
  };

  it('serves /version', async () => {
    expect(await get('/version')).toMatchObject({
      major: '1',
      minor: expect.stringMatching(/^\d+$/),
      gitVersion: expect.stringMatching(/^v1\.\d+\.\d+/),
      platform: 'linux/amd64',
    });
  });

  it('serves /api with the legacy shape even when aggregated discovery is asked for', async () => {
    const response = await rawRequest(sandbox, '/api', {
      headers: { Accept: aggregatedDiscoveryAccept },
    });
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.json).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [
        expect.objectContaining({ clientCIDR: '0.0.0.0/0' }),
      ],
    });
  });

  it('lists groups with their versions and preferred version in /apis', async () => {
    const list = await get('/apis', { Accept: aggregatedDiscoveryAccept });
    expect(list).toMatchObject({ kind: 'APIGroupList', apiVersion: 'v1' });
    const groups = new Map<string, any>(
      list.groups.map((g: any) => [g.name, g]),
    );
    expect(groups.get('networking.istio.io')).toEqual({
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'networking.istio.io',
      versions: [
        { groupVersion: 'networking.istio.io/v1beta1', version: 'v1beta1' },
        { groupVersion: 'networking.istio.io/v1alpha3', version: 'v1alpha3' },
      ],
      preferredVersion: {
        groupVersion: 'networking.istio.io/v1beta1',
        version: 'v1beta1',
      },
    });
    expect(groups.get('maistra.io').preferredVersion.version).toBe('v2');
    expect(
      groups.get('maistra.io').versions.map((v: any) => v.version),
    ).toEqual(['v2', 'v1']);
    for (const name of [
      'apps',
      'batch',
      'autoscaling',
      'networking.k8s.io',
      'apiextensions.k8s.io',
      'route.openshift.io',
      'kiali.io',
      'jaegertracing.io',
    ]) {
      expect(groups.has(name)).toBe(true);
    }
    expect(await get('/apis/maistra.io')).toMatchObject({
      kind: 'APIGroup',
      name: 'maistra.io',
      preferredVersion: { version: 'v2' },
    });
  });

  it('describes core kinds in /api/v1', async () => {
    const list = await get('/api/v1');
    expect(list).toMatchObject({
      kind: 'APIResourceList',
      groupVersion: 'v1',
    });
    const resources = new Map<string, any>(
      list.resources.map((r: any) => [r.name, r]),
    );
    expect(resources.get('namespaces')).toMatchObject({
      kind: 'Namespace',
      namespaced: false,
      shortNames: ['ns'],
    });
    expect(resources.get('pods')).toMatchObject({
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      shortNames: ['po'],
      categories: ['all'],
      verbs: expect.arrayContaining([
        'create',
        'delete',
        'deletecollection',
        'get',
        'list',
        'patch',
        'update',
        'watch',
      ]),
    });
    expect(resources.get('pods/status')).toMatchObject({
      kind: 'Pod',
      verbs: ['get', 'patch', 'update'],
    });
    for (const name of [
      'services',
      'endpoints',
      'configmaps',
      'secrets',
      'serviceaccounts',
      'limitranges',
      'resourcequotas',
      'events',
    ]) {
      expect(resources.has(name)).toBe(true);
    }
    expect(resources.has('configmaps/status')).toBe(false);
  });

  it('describes custom kinds with short names, categories and status in /apis/<group>/<version>', async () => {
    const list = await get('/apis/networking.istio.io/v1beta1');
    expect(list.groupVersion).toBe('networking.istio.io/v1beta1');
    expect(list.resources).toEqual(
      expect.arrayContaining([
        {
          name: 'virtualservices',
          singularName: 'virtualservice',
          namespaced: true,
          kind: 'VirtualService',
          verbs: expect.arrayContaining(['get', 'list', 'patch', 'watch']),
          shortNames: ['vs'],
          categories: ['istio-io', 'networking-istio-io'],
        },
        {
          name: 'virtualservices/status',
          singularName: '',
          namespaced: true,
          kind: 'VirtualService',
          verbs: ['get', 'patch', 'update'],
        },
        expect.objectContaining({
          name: 'destinationrules',
          shortNames: ['dr'],
        }),
        expect.objectContaining({ name: 'gateways', shortNames: ['gw'] }),
      ]),
    );
    const maistraV1 = await get('/apis/maistra.io/v1');
    expect(
      maistraV1.resources
        .filter((r: any) => !r.name.includes('/'))
        .map((r: any) => [r.name, r.shortNames]),
    ).toEqual(
      expect.arrayContaining([
        ['servicemeshcontrolplanes', ['smcp']],
        ['servicemeshmemberrolls', ['smmr']],
        ['servicemeshmembers', ['smm']],
      ]),
    );
    const apps = await get('/apis/apps/v1');
    expect(
      apps.resources.find((r: any) => r.name === 'deployments'),
    ).toMatchObject({ kind: 'Deployment', shortNames: ['deploy'] });
  });

  it('answers 404 for a version that is not served', async () => {
    for (const path of [
      '/apis/networking.istio.io/v1',
      '/apis/maistra.io/v3',
      '/apis/no.such.group',
      '/api/v2',
    ]) {
      const response = await rawRequest(sandbox, path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
  });

  it('serves the OpenAPI documents kubectl validates with', async () => {
    const v3 = await get('/openapi/v3');
    expect(Object.keys(v3.paths)).toEqual(
      expect.arrayContaining(['api/v1', 'apis/networking.istio.io/v1beta1']),
    );
    const vs = await get(
      v3.paths['apis/networking.istio.io/v1beta1'].serverRelativeURL,
    );
    expect(Object.keys(vs.components.schemas)).toContain(
      'io.istio.networking.v1beta1.VirtualService',
    );
    const v2 = await get('/openapi/v2');
    expect(v2.swagger).toBe('2.0');
  });
});
