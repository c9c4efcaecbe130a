import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { sockShopSystem } from '../__fixtures__/entities';
import { ServiceMeshClient, serviceMeshApiRef } from '../api';
import { EntityServiceMeshContent } from '../components/ServiceMeshContent/EntityServiceMeshContent';
import { permissionApi } from './renderWithEntity';

/** Where the real client asks about the SockShop System (for msw handlers). */
export const SOCKSHOP_API =
  'http://localhost:7007/api/service-mesh/entities/system/default/sockshop';

/**
 * Renders the SockShop System's tab with the real client over fetch (msw
 * answers), and a permission API that denies.
 */
export function renderTabWithClient() {
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://localhost:7007' });
  const fetchApi = {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
  };
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [discoveryApiRef, discoveryApi],
        [fetchApiRef, fetchApi],
        [serviceMeshApiRef, new ServiceMeshClient({ discoveryApi, fetchApi })],
        [permissionApiRef, permissionApi(false)],
      ]}
    >
      <EntityProvider entity={sockShopSystem}>
        <EntityServiceMeshContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}
