/** Label Maistra puts on every member namespace (and the control plane's own): the control plane namespace. */
export const memberOfLabel = 'maistra.io/member-of';
/** Label on what a control plane installed: its namespace. */
export const ownerLabel = 'maistra.io/owner';
export const componentLabel = 'app.kubernetes.io/component';
export const injectAnnotation = 'sidecar.istio.io/inject';
export const sidecarStatusAnnotation = 'sidecar.istio.io/status';
