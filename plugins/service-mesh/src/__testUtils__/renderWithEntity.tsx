import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  MeshStatus,
  RequestRateHistory,
  TrafficGraph,
} from '@service-mesh/plugin-service-mesh-common';
import { ReactElement } from 'react';
import { ServiceMeshApi, serviceMeshApiRef } from '../api';

/** A permission API answering every request the same way. */
export function permissionApi(allowed: boolean): PermissionApi {
  return {
    // AuthorizeResult is a string enum of plugin-permission-common, which this package does not depend on.
    authorize: async () =>
      ({ result: allowed ? 'ALLOW' : 'DENY' } as unknown as Awaited<
        ReturnType<PermissionApi['authorize']>
      >),
  };
}

/** A ServiceMeshApi whose methods are jest mocks. */
export function mockMeshApi(
  status?: MeshStatus | Promise<MeshStatus>,
  requestRates?: RequestRateHistory | Promise<RequestRateHistory>,
  trafficGraph?: TrafficGraph | Promise<TrafficGraph>,
): jest.Mocked<ServiceMeshApi> {
  return {
    getStatus: jest.fn<
      Promise<MeshStatus>,
      Parameters<ServiceMeshApi['getStatus']>
    >(async () => {
      if (!status) throw new Error('no status configured');
      return status;
    }),
    getRequestRates: jest.fn<
      Promise<RequestRateHistory>,
      Parameters<ServiceMeshApi['getRequestRates']>
    >(async () => {
      if (!requestRates) throw new Error('no request rates configured');
      return requestRates;
    }),
    getTrafficGraph: jest.fn<
      Promise<TrafficGraph>,
      Parameters<ServiceMeshApi['getTrafficGraph']>
    >(async () => {
      if (!trafficGraph) throw new Error('no traffic graph configured');
      return trafficGraph;
    }),
    shiftTraffic: jest.fn<
      Promise<MeshStatus>,
      Parameters<ServiceMeshApi['shiftTraffic']>
    >(),
    startRollout: jest.fn<
      Promise<MeshStatus>,
      Parameters<ServiceMeshApi['startRollout']>
    >(),
    controlRollout: jest.fn<
      Promise<MeshStatus>,
      Parameters<ServiceMeshApi['controlRollout']>
    >(),
  };
}

/** Renders an entity view with a mesh API (and a permission API that denies). */
export function renderWithEntity(
  element: ReactElement,
  options: { entity: Entity; api: ServiceMeshApi },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [serviceMeshApiRef, options.api],
        [permissionApiRef, permissionApi(false)],
      ]}
    >
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    </TestApiProvider>,
  );
}
