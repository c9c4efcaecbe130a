import { K8sObject } from '../../k8s/types';

export const sailManager = 'sail-operator';
export const sailApiVersion = 'sailoperator.io/v1';
export const revisionLabel = 'istio.io/rev';
export const injectionLabel = 'istio-injection';
export const dataplaneModeLabel = 'istio.io/dataplane-mode';

/** The patch each `vX.Y-latest` alias of the Istio CRD resolves to (IstioRevision only accepts concrete versions). */
const latestPatch: Record<string, string> = {
  'v1.30': 'v1.30.3',
  'v1.29': 'v1.29.6',
  'v1.28': 'v1.28.10',
  'v1.27': 'v1.27.9',
  'v1.26': 'v1.26.8',
  'v1.25': 'v1.25.5',
  'v1.24': 'v1.24.6',
  'v1.23': 'v1.23.6',
  'v1.22': 'v1.22.8',
};

export function concreteVersion(version: string): string {
  const alias = version.match(/^(v\d+\.\d+)-latest$/);
  return alias ? latestPatch[alias[1]] ?? version : version;
}

/** InPlace keeps one revision named as the Istio; RevisionBased makes `<name>-v1-30-3` per version. */
export function revisionNameOf(istio: K8sObject): string {
  const name = istio.metadata.name!;
  if (istio.spec?.updateStrategy?.type !== 'RevisionBased') return name;
  return `${name}-${concreteVersion(istio.spec.version).replace(/\./g, '-')}`;
}

/** istiod's Deployment, Service and ServiceAccount: `istiod` for the `default` revision, else `istiod-<rev>`. */
export const istiodNameOf = (revision: string) =>
  revision === 'default' ? 'istiod' : `istiod-${revision}`;
