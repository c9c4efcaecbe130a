import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { RequestRateHistory } from '@service-mesh/plugin-service-mesh-common';
import { requestRateHistory } from '../prometheus/requestRateHistory';
import { MeshStatusService } from './meshStatusService';

/** The window a caller may ask for, in minutes. */
export function parseMinutes(value: unknown): number {
  if (value === undefined) return 30;
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 5 || minutes > 360) {
    throw new InputError('minutes must be a whole number from 5 to 360');
  }
  return minutes;
}

/**
 * The request-rate history of an entity's services: the services are those of
 * its mesh status (a Component's own, a System's whole namespace), the rates
 * one range query to its cluster's Prometheus.
 */
export async function requestRatesOf(options: {
  statusService: MeshStatusService;
  logger: LoggerService;
  ref: CompoundEntityRef;
  credentials: BackstageCredentials;
  minutes: number;
}): Promise<RequestRateHistory> {
  const { statusService, ref, credentials, minutes } = options;
  const scope = await statusService.scopeOf(ref, credentials);
  const entity = scope.entity;
  const prometheus = statusService.clientsFor(scope.cluster).prometheus;
  const end = new Date();
  const empty = {
    entity,
    start: new Date(end.getTime() - minutes * 60_000).toISOString(),
    end: end.toISOString(),
    stepSeconds: 0,
    services: {},
  };
  if (!prometheus) return { ...empty, source: { state: 'not-configured' } };
  try {
    const [status, history] = await Promise.all([
      statusService.statusInScope(scope),
      requestRateHistory(prometheus, scope.namespace, minutes, end.getTime()),
    ]);
    const own = new Set(status.services.map(s => s.name));
    return {
      entity,
      source: { state: 'ok' },
      ...history,
      services: Object.fromEntries(
        Object.entries(history.services).filter(([name]) => own.has(name)),
      ),
    };
  } catch (error) {
    const reason = (error as Error).message;
    options.logger.warn(`request rates: prometheus failed: ${reason}`);
    return { ...empty, source: { state: 'error', reason } };
  }
}
