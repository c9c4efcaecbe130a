import { useCallback, useEffect, useRef, useState } from 'react';
import { useDocumentVisible } from './useDocumentVisible';

export interface PollingState<T> {
  value?: T;
  /** The error of the last attempt; `value` keeps the last good answer. */
  error?: Error;
  loading: boolean;
  /** Replaces the value (e.g. with the answer of a write) and discards older in-flight polls. */
  setValue(value: T): void;
  /** Loads again now. */
  retry(): void;
}

interface State<T> {
  key: string;
  value?: T;
  error?: Error;
}

/**
 * Calls `load` now and then `intervalMs` (or `delayAfter`) after each answer, while the tab is
 * visible. Hidden tabs make no requests; becoming visible loads at once.
 * `key` identifies what is loaded: a new key starts over.
 */
export function usePolling<T>(
  key: string,
  load: (signal: AbortSignal, previous: T | undefined) => Promise<T>,
  intervalMs: number,
  /**
   * How long to wait after an answer before the next load (default
   * `intervalMs`), e.g. 0 to follow a long poll at once; `elapsedMs` is how
   * long the answer took.
   */
  delayAfter?: (value: T, previous: T | undefined, elapsedMs: number) => number,
): PollingState<T> {
  const visible = useDocumentVisible();
  const [state, setState] = useState<State<T>>({ key });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const delayRef = useRef(delayAfter);
  delayRef.current = delayAfter;
  // The latest value shown, passed to the next load (e.g. its version).
  const latest = useRef<{ key: string; value?: T }>({ key });
  // Answers of polls started before the latest setValue are stale.
  const generation = useRef(0);

  useEffect(() => {
    if (!visible) return undefined;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const started = generation.current;
      const startedAt = Date.now();
      let delay = intervalMs;
      try {
        const previous =
          latest.current.key === key ? latest.current.value : undefined;
        const value = await loadRef.current(controller.signal, previous);
        if (!controller.signal.aborted && started === generation.current) {
          latest.current = { key, value };
          setState({ key, value });
          delay =
            delayRef.current?.(value, previous, Date.now() - startedAt) ??
            intervalMs;
        }
      } catch (error) {
        if (!controller.signal.aborted && started === generation.current) {
          setState(previous => ({
            key,
            value: previous.key === key ? previous.value : undefined,
            error: error instanceof Error ? error : new Error(String(error)),
          }));
        }
      }
      if (!controller.signal.aborted) timer = setTimeout(poll, delay);
    };
    poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [key, visible, intervalMs, attempt]);

  const setValue = useCallback(
    (value: T) => {
      generation.current += 1;
      latest.current = { key, value };
      setState({ key, value });
    },
    [key],
  );
  const retry = useCallback(() => setAttempt(n => n + 1), []);

  const current = state.key === key ? state : { key };
  return {
    value: current.value,
    error: current.error,
    loading: current.value === undefined && current.error === undefined,
    setValue,
    retry,
  };
}
