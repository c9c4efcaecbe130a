/**
 * Retries `check` until it stops throwing (a failed expect throws), for what a
 * real cluster does asynchronously: garbage collection, kwok, the namespace
 * controller, informers catching up. After the deadline the last failure is
 * thrown, so the test reports what was still wrong.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 60_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}
