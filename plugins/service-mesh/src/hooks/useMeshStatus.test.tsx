import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook } from '@testing-library/react';
import { PropsWithChildren } from 'react';
import { sockShopSystem } from '../__fixtures__/entities';
import { sockShopStatus } from '../__fixtures__/meshStatus';
import { serviceMeshApiRef } from '../api';
import { mockMeshApi } from '../__testUtils__/renderWithEntity';
import { useMeshStatus } from './useMeshStatus';

describe('useMeshStatus', () => {
  afterEach(() => jest.useRealTimers());

  it('asks for the entity every 10 seconds by default', async () => {
    jest.useFakeTimers();
    const api = mockMeshApi(sockShopStatus());
    const wrapper = ({ children }: PropsWithChildren<{}>) => (
      <TestApiProvider apis={[[serviceMeshApiRef, api]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(() => useMeshStatus(sockShopSystem), {
      wrapper,
    });
    await act(async () => {});
    expect(result.current.value?.services).toHaveLength(13);
    expect(api.getStatus).toHaveBeenCalledWith(
      { kind: 'System', namespace: 'default', name: 'sockshop' },
      { signal: expect.any(AbortSignal) },
    );
    await act(async () => jest.advanceTimersByTime(9_000));
    expect(api.getStatus).toHaveBeenCalledTimes(1);
    await act(async () => jest.advanceTimersByTime(1_000));
    expect(api.getStatus).toHaveBeenCalledTimes(2);
  });
});
