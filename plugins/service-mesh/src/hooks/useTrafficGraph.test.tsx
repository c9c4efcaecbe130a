import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook } from '@testing-library/react';
import { TrafficGraphWindow } from '@service-mesh/plugin-service-mesh-common';
import { PropsWithChildren } from 'react';
import { sockShopSystem } from '../__fixtures__/entities';
import { sockShopTrafficGraph } from '../__fixtures__/trafficGraph';
import { mockMeshApi } from '../__testUtils__/renderWithEntity';
import { serviceMeshApiRef } from '../api';
import { useTrafficGraph } from './useTrafficGraph';

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  document.dispatchEvent(new Event('visibilitychange'));
}

function renderTrafficGraph(window: TrafficGraphWindow) {
  const api = mockMeshApi(undefined, undefined, sockShopTrafficGraph());
  const wrapper = ({ children }: PropsWithChildren<{}>) => (
    <TestApiProvider apis={[[serviceMeshApiRef, api]]}>
      {children}
    </TestApiProvider>
  );
  const hook = renderHook(({ w }) => useTrafficGraph(sockShopSystem, w), {
    wrapper,
    initialProps: { w: window },
  });
  return { api, ...hook };
}

describe('useTrafficGraph', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    setVisibility('visible');
  });
  afterEach(() => jest.useRealTimers());

  it('asks for the window every 15 seconds, and starts over for another window', async () => {
    const { api, result, rerender } = renderTrafficGraph('5m');
    await act(async () => {});
    expect(result.current.value?.edges).toHaveLength(20);
    expect(api.getTrafficGraph).toHaveBeenCalledWith(
      { kind: 'System', namespace: 'default', name: 'sockshop' },
      { window: '5m', signal: expect.any(AbortSignal) },
    );
    await act(async () => jest.advanceTimersByTime(14_000));
    expect(api.getTrafficGraph).toHaveBeenCalledTimes(1);
    await act(async () => jest.advanceTimersByTime(1_000));
    expect(api.getTrafficGraph).toHaveBeenCalledTimes(2);

    rerender({ w: '30m' });
    await act(async () => {});
    expect(api.getTrafficGraph).toHaveBeenLastCalledWith(expect.anything(), {
      window: '30m',
      signal: expect.any(AbortSignal),
    });
  });

  it('makes no request while the page is hidden', async () => {
    const { api } = renderTrafficGraph('1m');
    await act(async () => {});
    act(() => setVisibility('hidden'));
    await act(async () => jest.advanceTimersByTime(5 * 60_000));
    expect(api.getTrafficGraph).toHaveBeenCalledTimes(1);
    act(() => setVisibility('visible'));
    await act(async () => {});
    expect(api.getTrafficGraph).toHaveBeenCalledTimes(2);
  });
});
