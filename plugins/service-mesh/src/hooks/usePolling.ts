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
 * Calls `load` now and then `intervalMs` after each answer, while the tab is
 * visible. Hidden tabs make no requests; becoming visible loads at once.
 * `key` identifies what is loaded: a new key starts over.
 */
export function usePolling<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
  intervalMs: number,
): PollingState<T> {
  const visible = useDocumentVisible();
  const [state, setState] = useState<State<T>>({ key });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  // Answers of polls started before the latest setValue are stale.
  const generation = useRef(0);

  useEffect(() => {
    if (!visible) return undefined;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const started = generation.current;
      try {
        const value = await loadRef.current(controller.signal);
        if (!controller.signal.aborted && started === generation.current) {
          setState({ key, value });
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
      if (!controller.signal.aborted) timer = setTimeout(poll, intervalMs);
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
