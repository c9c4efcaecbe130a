import { Entity } from '@backstage/catalog-model';
import { MeshStatus } from '@service-mesh/plugin-service-mesh-common';
import { REQUEST_RATE_MINUTES, useRequestRates } from '../../hooks';
import { ObservedFigures } from './ObservedFigures';
import { RequestRateColumn } from './RequestRateCell';
import { RequestRateWarning } from './RequestRateWarning';

/**
 * The observed figures per service, with the request rate of the last 30
 * minutes when the entity's cluster has a Prometheus.
 */
export function ObservedTraffic(props: { entity: Entity; status: MeshStatus }) {
  const { entity, status } = props;
  if (status.sources.prometheus.state === 'not-configured') {
    return <ObservedFigures services={status.services} />;
  }
  return <ObservedTrafficWithRates entity={entity} status={status} />;
}

function ObservedTrafficWithRates(props: {
  entity: Entity;
  status: MeshStatus;
}) {
  const state = useRequestRates(props.entity);
  return (
    <>
      <RequestRateWarning state={state} />
      <ObservedFigures
        services={props.status.services}
        rates={rateColumn(state)}
      />
    </>
  );
}

/** The column to show, or none when there is no history to show. */
function rateColumn(
  state: ReturnType<typeof useRequestRates>,
): RequestRateColumn | undefined {
  if (state.loading) return { minutes: REQUEST_RATE_MINUTES };
  const history = state.value;
  if (history?.source.state !== 'ok') return undefined;
  return { minutes: REQUEST_RATE_MINUTES, history };
}
