import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook } from '@testing-library/react';
import { PropsWithChildren } from 'react';
import { sockShopSystem } from '../__fixtures__/entities';
import { sockShopStatus } from '../__fixtures__/meshStatus';
import { sockShopRequestRates } from '../__fixtures__/requestRates';
import { mockMeshApi } from '../__testUtils__/renderWithEntity';
import { serviceMeshApiRef } from '../api';
import { useRequestRates } from './useRequestRates';

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  document.dispatchEvent(new Event('visibilitychange'));
}

function renderRequestRates() {
  const api = mockMeshApi(sockShopStatus(), sockShopRequestRates());
  const wrapper = ({ children }: PropsWithChildren<{}>) => (
    <TestApiProvider apis={[[serviceMeshApiRef, api]]}>
      {children}
    </TestApiProvider>
  );
  const { result } = renderHook(() => useRequestRates(sockShopSystem), {
    wrapper,
  });
  return { api, result };
}

describe('useRequestRates', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    setVisibility('visible');
  });
  afterEach(() => jest.useRealTimers());

  it('asks for the last 30 minutes of the entity every 30 seconds', async () => {
    const { api, result } = renderRequestRates();
    await act(async () => {});
    expect(result.current.value?.services.carts).toHaveLength(61);
    expect(api.getRequestRates).toHaveBeenCalledWith(
      { kind: 'System', namespace: 'default', name: 'sockshop' },
      { minutes: 30, signal: expect.any(AbortSignal) },
    );
    await act(async () => jest.advanceTimersByTime(29_000));
    expect(api.getRequestRates).toHaveBeenCalledTimes(1);
    await act(async () => jest.advanceTimersByTime(1_000));
    expect(api.getRequestRates).toHaveBeenCalledTimes(2);
    expect(api.getStatus).not.toHaveBeenCalled();
  });

  it('makes no request while the tab is hidden', async () => {
    const { api } = renderRequestRates();
    await act(async () => {});
    act(() => setVisibility('hidden'));
    await act(async () => jest.advanceTimersByTime(5 * 60_000));
    expect(api.getRequestRates).toHaveBeenCalledTimes(1);
    act(() => setVisibility('visible'));
    await act(async () => {});
    expect(api.getRequestRates).toHaveBeenCalledTimes(2);
  });
});
