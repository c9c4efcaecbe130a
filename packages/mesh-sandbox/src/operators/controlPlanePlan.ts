import { K8sObject } from '../k8s/types';
import { chartVersions, defaultMeshVersion } from './meshVersions';
import {
  ComponentDeployment,
  addonDeployments,
  gatewayDeployments,
  istiodDeployment,
  legacyCoreDeployments,
} from './controlPlaneComponents';

/** What a ServiceMeshControlPlane asks the operator to install. */
export interface ControlPlanePlan {
  version: string;
  chartVersion: string;
  /** The guide's 1.1 architecture (citadel, galley, mixer...) rather than istiod. */
  legacy: boolean;
  profiles: string[];
  deployments: ComponentDeployment[];
  /** Charts without a workload of their own, counted as ready (status annotation). */
  alwaysReadyComponents: string[];
}

const isMap = (value: unknown): value is Record<string, any> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Sections of the spec that must be objects when present (v2 fields and v1's helm values). */
const objectSections = [
  'istio',
  'threeScale',
  'addons',
  'gateways',
  'security',
  'tracing',
  'proxy',
  'general',
  'runtime',
  'policy',
  'telemetry',
  'cluster',
  'techPreview',
];

/** Why the operator rejects a spec (condition reason ValidationError), if it does. */
export function specError(spec: unknown): string | undefined {
  if (spec === undefined) return undefined;
  if (!isMap(spec)) return 'spec: Invalid value: must be an object';
  if (spec.version !== undefined && !(spec.version in chartVersions)) {
    return `spec.version: Unsupported value: ${JSON.stringify(
      spec.version,
    )}: supported values: ${Object.keys(chartVersions)
      .map(v => `"${v}"`)
      .join(', ')}`;
  }
  for (const section of objectSections) {
    if (spec[section] !== undefined && !isMap(spec[section])) {
      return `spec.${section}: Invalid value: ${JSON.stringify(
        spec[section],
      )}: must be an object`;
    }
  }
  if (
    spec.mode !== undefined &&
    !['MultiTenant', 'ClusterWide'].includes(spec.mode)
  ) {
    return `spec.mode: Unsupported value: ${JSON.stringify(
      spec.mode,
    )}: supported values: "MultiTenant", "ClusterWide"`;
  }
  const tracing = spec.tracing?.type;
  if (
    tracing !== undefined &&
    !['Jaeger', 'None', 'Stackdriver'].includes(tracing)
  ) {
    return `spec.tracing.type: Unsupported value: ${JSON.stringify(
      tracing,
    )}: supported values: "Jaeger", "None", "Stackdriver"`;
  }
  return undefined;
}

const off = (section: any) => section?.enabled === false;

/** The control plane a valid SMCP describes (call specError first). */
export function planControlPlane(smcp: K8sObject): ControlPlanePlan {
  // Stored as v2: a v1 spec's helm values are in techPreview (controlPlaneConversion).
  const spec = { ...smcp.spec?.techPreview, ...smcp.spec };
  // A v1 spec (helm values under `istio`, or a template) without a version is the guide's 1.1 mesh.
  const legacy =
    spec.version === 'v1.1' ||
    (spec.version === undefined &&
      (spec.istio !== undefined || spec.template !== undefined));
  const version = legacy ? 'v1.1' : spec.version ?? defaultMeshVersion;
  const chartVersion = chartVersions[version];
  const profiles: string[] =
    spec.profiles ?? (spec.template ? [spec.template] : ['default']);
  const smcpName = smcp.metadata.name!;

  if (legacy) {
    const values = spec.istio ?? {};
    const gateways = values.gateways ?? {};
    return {
      version,
      chartVersion,
      legacy,
      profiles,
      deployments: [
        ...legacyCoreDeployments(chartVersion),
        ...gatewayDeployments(chartVersion, 'gateways', {
          ingress: !off(gateways) && !off(gateways['istio-ingressgateway']),
          egress: !off(gateways) && !off(gateways['istio-egressgateway']),
        }),
        ...addonDeployments(chartVersion, version, {
          prometheus: !off(values.prometheus),
          grafana: !off(values.grafana),
          kiali: !off(values.kiali),
          tracing: !off(values.tracing),
        }),
      ],
      alwaysReadyComponents: [],
    };
  }
  const gateways = spec.gateways ?? {};
  const addons = spec.addons ?? {};
  return {
    version,
    chartVersion,
    legacy,
    profiles,
    deployments: [
      istiodDeployment(chartVersion, smcpName),
      ...gatewayDeployments(chartVersion, undefined, {
        ingress: !off(gateways) && !off(gateways.ingress),
        egress: !off(gateways) && !off(gateways.egress),
      }),
      ...addonDeployments(chartVersion, version, {
        prometheus: !off(addons.prometheus),
        grafana: !off(addons.grafana),
        kiali: !off(addons.kiali),
        tracing: (spec.tracing?.type ?? 'Jaeger') === 'Jaeger',
      }),
    ],
    alwaysReadyComponents: ['mesh-config', 'telemetry-common'],
  };
}
