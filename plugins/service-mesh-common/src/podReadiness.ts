import { SIDECAR_STATUS_ANNOTATION } from './annotations';

/** @public */
export interface PodObject {
  metadata: { annotations?: Record<string, string> };
  spec?: { containers?: Array<{ name?: string }> };
  status?: {
    phase?: string;
    conditions?: Array<{ type?: string; status?: string }>;
  };
}

/**
 * Whether a pod serves: Running with its Ready condition True (every
 * container, the sidecar too, passed its readiness probe).
 *
 * @public
 */
export function isPodReady(pod: PodObject): boolean {
  return (
    pod.status?.phase === 'Running' &&
    (pod.status?.conditions ?? []).some(
      c => c.type === 'Ready' && c.status === 'True',
    )
  );
}

/**
 * Whether a pod runs Istio's sidecar: the injector's status annotation and
 * the `istio-proxy` container.
 *
 * @public
 */
export function hasSidecar(pod: PodObject): boolean {
  return (
    Boolean(pod.metadata.annotations?.[SIDECAR_STATUS_ANNOTATION]) &&
    (pod.spec?.containers ?? []).some(c => c.name === 'istio-proxy')
  );
}
