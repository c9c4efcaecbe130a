import { RouteHandler } from '../server/http';
import { IstioTelemetry } from './istioTelemetry';
import { PROMETHEUS_CONTENT_TYPE, prometheusText } from './prometheusText';

/**
 * `GET /metrics`: the mesh's Istio metrics for Prometheus. Unauthenticated,
 * like the Envoy stats port (15090) that the mesh's Prometheus scrapes.
 */
export function metricsHandler(telemetry: IstioTelemetry): RouteHandler {
  return (req, res, url) => {
    if (url.pathname !== '/metrics' || req.method !== 'GET') return false;
    const body = prometheusText(telemetry);
    res.writeHead(200, {
      'Content-Type': PROMETHEUS_CONTENT_TYPE,
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
    return true;
  };
}
