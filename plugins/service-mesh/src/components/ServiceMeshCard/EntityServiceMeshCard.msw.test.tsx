import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { MeshStatus } from '@service-mesh/plugin-service-mesh-common';
import { act, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { sockShopSystem } from '../../__fixtures__/entities';
import { frontEndByHttpRoute } from '../../__fixtures__/httpRouteStatus';
import { frontEnd, sockShopStatus } from '../../__fixtures__/meshStatus';
import { ServiceMeshClient, serviceMeshApiRef } from '../../api';
import { SOCKSHOP_API } from '../../__testUtils__/renderTabWithClient';
import { EntityServiceMeshCard } from './EntityServiceMeshCard';

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  act(() => {
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

function renderCardWithClient() {
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
      ]}
    >
      <EntityProvider entity={sockShopSystem}>
        {/* A poll interval far beyond the test: only the long poll can bring the change. */}
        <EntityServiceMeshCard pollIntervalMs={3_600_000} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

/**
 * A backend with watches: `?sinceVersion=N` is held until the status
 * changes from version N (as the backend's long poll does).
 */
function watchingBackend(
  server: ReturnType<typeof setupServer>,
  initial: MeshStatus = sockShopStatus(),
) {
  let current: MeshStatus = { ...initial, version: 1000 };
  let waiting: (() => void)[] = [];
  const requests: { sinceVersion: string | null; aborted: boolean }[] = [];
  server.use(
    http.get(`${SOCKSHOP_API}/status`, async ({ request }) => {
      const sinceVersion = new URL(request.url).searchParams.get(
        'sinceVersion',
      );
      const record = { sinceVersion, aborted: false };
      requests.push(record);
      if (sinceVersion !== null && Number(sinceVersion) === current.version) {
        await new Promise<void>(resolve => {
          waiting.push(resolve);
          request.signal.addEventListener('abort', () => {
            record.aborted = true;
            resolve();
          });
        });
      }
      return HttpResponse.json(current);
    }),
  );
  return {
    requests,
    /** A change in the cluster: the new status, and every held request answered. */
    change(status: MeshStatus) {
      current = { ...status, version: current.version! + 1 };
      const resolve = waiting;
      waiting = [];
      resolve.forEach(r => r());
    },
  };
}

describe('the card follows the status from watches', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  afterEach(() => setVisibility('visible'));

  it('shows a weight change without reload, by long poll', async () => {
    const backend = watchingBackend(server);
    await renderCardWithClient();
    expect(
      await screen.findByRole('img', {
        name: 'Configured weights of front-end: v1 80%, v2 20%',
      }),
    ).toBeInTheDocument();
    // The card waits for the next version.
    await waitFor(() =>
      expect(backend.requests.map(r => r.sinceVersion)).toEqual([null, '1000']),
    );

    // Someone shifts front-end to 50/50 (the backend's watch sees the VirtualService change).
    act(() =>
      backend.change(
        sockShopStatus(frontEnd({ v1: 50, v2: 50 }, { v1: 79, v2: 21 })),
      ),
    );
    expect(
      await screen.findByRole('img', {
        name: 'Configured weights of front-end: v1 50%, v2 50%',
      }),
    ).toBeInTheDocument();
    // ...and it follows on from the new version.
    await waitFor(() =>
      expect(backend.requests.map(r => r.sinceVersion)).toEqual([
        null,
        '1000',
        '1001',
      ]),
    );
  });

  it('stops following while the page is hidden, and catches up when it shows again', async () => {
    const backend = watchingBackend(server);
    await renderCardWithClient();
    await waitFor(() => expect(backend.requests).toHaveLength(2));

    setVisibility('hidden');
    // The held request is given up, and no other is made.
    await waitFor(() => expect(backend.requests[1].aborted).toBe(true));
    act(() =>
      backend.change(
        sockShopStatus(frontEnd({ v1: 50, v2: 50 }, { v1: 79, v2: 21 })),
      ),
    );
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(backend.requests).toHaveLength(2);
    expect(
      screen.getByRole('img', {
        name: 'Configured weights of front-end: v1 80%, v2 20%',
      }),
    ).toBeInTheDocument();

    setVisibility('visible');
    expect(
      await screen.findByRole('img', {
        name: 'Configured weights of front-end: v1 50%, v2 50%',
      }),
    ).toBeInTheDocument();
  });
});

describe('the card with a service an HTTPRoute routes', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows the HTTPRoute weights as a VirtualService route’s, names the HTTPRoute, and follows a shift', async () => {
    const backend = watchingBackend(
      server,
      sockShopStatus(frontEndByHttpRoute()),
    );
    await renderCardWithClient();
    expect(
      await screen.findByRole('img', {
        name: 'Configured weights of front-end: v1 80%, v2 20%',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('HTTPRoute front-end-route')).toBeInTheDocument();
    expect(screen.getByText('observed v1 79%, v2 21%')).toBeInTheDocument();
    await waitFor(() => expect(backend.requests).toHaveLength(2));

    // The tab shifts front-end to 50/50 (the backend's watch sees the HTTPRoute change).
    act(() =>
      backend.change(sockShopStatus(frontEndByHttpRoute({ v1: 50, v2: 50 }))),
    );
    expect(
      await screen.findByRole('img', {
        name: 'Configured weights of front-end: v1 50%, v2 50%',
      }),
    ).toBeInTheDocument();
  });
});
