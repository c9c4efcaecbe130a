/** The guide's v1 control plane: policy checks on, mTLS as chosen, the addons on. */
export function controlPlaneV1Spec(options: {
  mtls: boolean;
  policyChecks: boolean;
}) {
  return {
    version: 'v1.1',
    istio: {
      global: {
        disablePolicyChecks: !options.policyChecks,
        mtls: { enabled: options.mtls },
      },
      kiali: { enabled: true },
      grafana: { enabled: true },
      tracing: { enabled: true },
    },
  };
}

/**
 * The v2 equivalent. IOR is off because the ingress action creates the
 * gateway Route itself, as the guide does.
 */
export function controlPlaneV2Spec(options: {
  mtls: boolean;
  policyChecks: boolean;
}) {
  return {
    version: 'v2.5',
    security: { dataPlane: { mtls: options.mtls } },
    policy: { type: options.policyChecks ? 'Istiod' : 'None' },
    tracing: { type: 'Jaeger' },
    gateways: { openshiftRoute: { enabled: false } },
    addons: {
      prometheus: { enabled: true },
      kiali: { enabled: true },
      grafana: { enabled: true },
    },
  };
}
