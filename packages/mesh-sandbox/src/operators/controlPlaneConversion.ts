import { ConversionWebhook } from '../context';
import { K8sObject } from '../k8s/types';

/** v1 helm-value sections with no v2 field of their own: kept in v2's free-form techPreview. */
const v1Only = ['istio', 'template', 'threeScale', 'networkType'] as const;
const sharedStatus = [
  'conditions',
  'annotations',
  'observedGeneration',
  'components',
];

const pick = (
  object: Record<string, any> | undefined,
  keys: readonly string[],
) =>
  Object.fromEntries(
    Object.entries(object ?? {}).filter(([key]) => keys.includes(key)),
  );

function toV2(object: K8sObject): K8sObject {
  const spec = object.spec ?? {};
  const kept = pick(spec, v1Only);
  return {
    ...object,
    apiVersion: 'maistra.io/v2',
    spec: {
      ...(spec.version !== undefined ? { version: spec.version } : {}),
      ...(spec.profiles !== undefined ? { profiles: spec.profiles } : {}),
      ...(Object.keys(kept).length > 0
        ? { techPreview: { ...spec.techPreview, ...kept } }
        : {}),
    },
    ...(object.status ? { status: pick(object.status, sharedStatus) } : {}),
  };
}

function toV1(object: K8sObject): K8sObject {
  const spec = object.spec ?? {};
  const { techPreview } = spec;
  return {
    ...object,
    apiVersion: 'maistra.io/v1',
    spec: {
      ...(spec.version !== undefined ? { version: spec.version } : {}),
      ...(spec.profiles !== undefined ? { profiles: spec.profiles } : {}),
      ...pick(techPreview, v1Only),
    },
    ...(object.status ? { status: pick(object.status, sharedStatus) } : {}),
  };
}

/**
 * The Service Mesh operator's conversion webhook for ServiceMeshControlPlane:
 * its CRD stores v2, and without a conversion a v1 spec (the guide's helm
 * values under `istio`) would be pruned to its version. The real operator maps
 * many v1 values onto v2 fields; this one maps version and profiles and keeps
 * the v1-only sections in v2's free-form `techPreview`, so a v1 object reads
 * back as it was written.
 */
export const controlPlaneConversion: ConversionWebhook = {
  crd: 'servicemeshcontrolplanes.maistra.io',
  convert(object, desiredApiVersion) {
    if (object.apiVersion === desiredApiVersion) return object;
    return desiredApiVersion === 'maistra.io/v1' ? toV1(object) : toV2(object);
  },
  probe: {
    apiVersion: 'maistra.io/v1',
    spec: { version: 'v1.1', istio: { global: { conversionProbe: true } } },
    survives: spec => spec?.istio?.global?.conversionProbe === true,
  },
};
