/** The OpenShift Service Mesh operator the sandbox plays. */
export const operatorVersion = '2.5.12';

/**
 * Control plane versions it installs and their chart (and image) versions.
 * `v1.1` stays so that the guide's v1 spec gets the architecture its
 * transcript shows (citadel, galley, mixer); the rest are 2.x releases.
 */
export const chartVersions: Record<string, string> = {
  'v1.1': '1.1.18',
  'v2.0': '2.0.8',
  'v2.1': '2.1.6',
  'v2.2': '2.2.12',
  'v2.3': '2.3.11',
  'v2.4': '2.4.15',
  'v2.5': '2.5.12',
};

export const defaultMeshVersion = 'v2.5';

export const imageRegistry = 'registry.redhat.io/openshift-service-mesh';

export const proxyImage = (chartVersion: string) =>
  `${imageRegistry}/proxyv2-rhel8:${chartVersion}`;
