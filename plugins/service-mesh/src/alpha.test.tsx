import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import serviceMeshPlugin, {
  serviceMeshApi,
  serviceMeshEntityCard,
  serviceMeshEntityContent,
} from './alpha';
import { frontEndComponent, sockShopSystem } from './__fixtures__/entities';
import { sockShopStatus } from './__fixtures__/meshStatus';
import { ServiceMeshClient, serviceMeshApiRef } from './api';
import { sockShopRequestRates } from './__fixtures__/requestRates';
import { sockShopTrafficGraph } from './__fixtures__/trafficGraph';
import { mockMeshApi, permissionApi } from './__testUtils__/renderWithEntity';

// The blueprints come from catalog-react, typed against another copy of
// frontend-plugin-api; the data refs are the same at runtime.
type EntityFilter = (entity: Entity) => boolean;

// rendering hundreds of rows takes far beyond jest's default 5 s on a busy machine
jest.setTimeout(60_000);

describe('service-mesh plugin for the new frontend system', () => {
  it('is the service-mesh plugin', () => {
    expect(serviceMeshPlugin.pluginId).toBe('service-mesh');
  });

  it('provides the client as the service mesh API', () => {
    const factory = createExtensionTester(serviceMeshApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api).toBe(serviceMeshApiRef);
    const client = factory.factory({
      discoveryApi: mockApis.discovery(),
      fetchApi: { fetch: jest.fn() },
    });
    expect(client).toBeInstanceOf(ServiceMeshClient);
  });

  it('shows the card on Systems and Components in a namespace', () => {
    const filter = createExtensionTester(serviceMeshEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    ) as EntityFilter;
    expect(filter(sockShopSystem)).toBe(true);
    expect(filter(frontEndComponent)).toBe(true);
    expect(filter({ ...sockShopSystem, kind: 'Domain' })).toBe(false);
    expect(
      filter({
        ...sockShopSystem,
        metadata: { name: 'sockshop', annotations: {} },
      }),
    ).toBe(false);
  });

  it('mounts the tab at /service-mesh titled Service mesh, on the same entities', () => {
    const tester = createExtensionTester(serviceMeshEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/service-mesh');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Service mesh',
    );
    const filter = tester.get(
      EntityContentBlueprint.dataRefs.filterFunction,
    ) as EntityFilter;
    expect(filter(sockShopSystem)).toBe(true);
    expect(filter(frontEndComponent)).toBe(true);
  });

  it('renders the card with the status of the entity', async () => {
    const api = mockMeshApi(sockShopStatus());
    const tester = createExtensionTester(serviceMeshEntityCard);
    await renderInTestApp(
      <EntityProvider entity={sockShopSystem}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[serviceMeshApiRef, api]] },
    );
    expect(
      await screen.findByRole('img', {
        name: 'Configured weights of front-end: v1 80%, v2 20%',
      }),
    ).toBeInTheDocument();
  });

  it("renders the tab with the entity's traffic graph", async () => {
    const api = mockMeshApi(
      sockShopStatus(),
      sockShopRequestRates(),
      sockShopTrafficGraph(),
    );
    const tester = createExtensionTester(serviceMeshEntityContent);
    await renderInTestApp(
      <EntityProvider entity={sockShopSystem}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [
          [serviceMeshApiRef, api],
          [permissionApiRef, permissionApi(false)],
        ],
      },
    );
    expect(
      await screen.findByRole(
        'img',
        { name: /^istio-ingressgateway to front-end v1: 79\.9% of/ },
        { timeout: 30_000 },
      ),
    ).toBeInTheDocument();
    expect(api.getTrafficGraph).toHaveBeenCalledWith(
      { kind: 'System', namespace: 'default', name: 'sockshop' },
      { window: '5m', signal: expect.any(AbortSignal) },
    );
  });
});
