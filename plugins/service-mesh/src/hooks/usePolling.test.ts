import { act, renderHook } from '@testing-library/react';
import { usePolling } from './usePolling';

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Lets pending promise callbacks run under fake timers. */
const flush = () => act(async () => {});

describe('usePolling', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    setVisibility('visible');
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('loads at once and then every interval after each answer', async () => {
    let n = 0;
    const load = jest.fn(async () => ++n);
    const { result } = renderHook(() => usePolling('a', load, 10_000));
    expect(result.current.loading).toBe(true);
    await flush();
    expect(result.current).toMatchObject({ value: 1, loading: false });

    await act(async () => jest.advanceTimersByTime(9_999));
    expect(load).toHaveBeenCalledTimes(1);
    await act(async () => jest.advanceTimersByTime(1));
    expect(load).toHaveBeenCalledTimes(2);
    expect(result.current.value).toBe(2);
  });

  it('makes no request while the tab is hidden and loads at once when it shows again', async () => {
    const load = jest.fn(async () => 'status');
    renderHook(() => usePolling('a', load, 10_000));
    await flush();
    expect(load).toHaveBeenCalledTimes(1);

    act(() => setVisibility('hidden'));
    await act(async () => jest.advanceTimersByTime(60_000));
    expect(load).toHaveBeenCalledTimes(1);

    act(() => setVisibility('visible'));
    await flush();
    expect(load).toHaveBeenCalledTimes(2);
    await act(async () => jest.advanceTimersByTime(10_000));
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('keeps the last value when a later poll fails', async () => {
    const load = jest
      .fn<Promise<string>, [AbortSignal]>()
      .mockResolvedValueOnce('first')
      .mockRejectedValueOnce(new Error('backend down'))
      .mockResolvedValue('again');
    const { result } = renderHook(() => usePolling('a', load, 1_000));
    await flush();
    await act(async () => jest.advanceTimersByTime(1_000));
    expect(result.current).toMatchObject({ value: 'first', loading: false });
    expect(result.current.error?.message).toBe('backend down');
    await act(async () => jest.advanceTimersByTime(1_000));
    expect(result.current.value).toBe('again');
    expect(result.current.error).toBeUndefined();
  });

  it('drops the answer of a poll that started before setValue', async () => {
    let answer: (value: string) => void = () => {};
    const load = jest.fn(
      () => new Promise<string>(resolve => (answer = resolve)),
    );
    const { result } = renderHook(() => usePolling('a', load, 10_000));
    act(() => result.current.setValue('written'));
    await act(async () => answer('stale'));
    expect(result.current.value).toBe('written');
  });

  it('aborts and stops polling on unmount', async () => {
    const signals: AbortSignal[] = [];
    const load = jest.fn(async (signal: AbortSignal) => {
      signals.push(signal);
      return 'x';
    });
    const { unmount } = renderHook(() => usePolling('a', load, 1_000));
    await flush();
    unmount();
    expect(signals[0].aborted).toBe(true);
    await act(async () => jest.advanceTimersByTime(5_000));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('starts over for a new key', async () => {
    const load = jest.fn(async () => 'x');
    const { result, rerender } = renderHook(
      ({ key }) => usePolling(key, load, 10_000),
      { initialProps: { key: 'a' } },
    );
    await flush();
    rerender({ key: 'b' });
    expect(result.current.loading).toBe(true);
    await flush();
    expect(load).toHaveBeenCalledTimes(2);
    expect(result.current.value).toBe('x');
  });
});
