import { LoggerService } from '@backstage/backend-plugin-api';
import { SourceStatus } from '@service-mesh/plugin-service-mesh-common';

/** What a source answered (if it did), and its state. */
export interface SourceRead<T> {
  value?: T;
  status: SourceStatus;
}

/**
 * Reads a source the cluster may not have: `not-configured` without a
 * client, the reason (logged as a warning) when it fails, so that the other
 * sources still show.
 */
export async function readOptionalSource<C, T>(
  source: { name: string; what: string; logger: LoggerService },
  client: C | undefined,
  read: (client: C) => Promise<T>,
): Promise<SourceRead<T>> {
  if (!client) return { status: { state: 'not-configured' } };
  try {
    return { value: await read(client), status: { state: 'ok' } };
  } catch (error) {
    const reason = (error as Error).message;
    source.logger.warn(`${source.what}: ${source.name} failed: ${reason}`);
    return { status: { state: 'error', reason } };
  }
}
