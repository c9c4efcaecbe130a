import { K8sObject } from '../../k8s/types';
import { ownerReference } from '../objects';
import { istiodNameOf, revisionLabel, sailApiVersion } from './sailNames';

const pilotImage = (version: string) =>
  `registry.redhat.io/openshift-service-mesh/istio-pilot-rhel9:${version.replace(
    /^v/,
    '',
  )}`;

/** What every istiod object of a revision carries: its labels, and the IstioRevision as owner. */
function metadataOf(revision: K8sObject) {
  const rev = revision.metadata.name!;
  return {
    name: istiodNameOf(rev),
    namespace: revision.spec.namespace,
    labels: { app: 'istiod', istio: 'pilot', [revisionLabel]: rev },
    ownerReferences: [
      ownerReference(revision, sailApiVersion, 'IstioRevision'),
    ],
  };
}

const podLabels = (rev: string) => ({
  app: 'istiod',
  istio: 'pilot',
  [revisionLabel]: rev,
});

export function istiodServiceAccount(revision: K8sObject): K8sObject {
  return { metadata: metadataOf(revision) };
}

export function istiodService(revision: K8sObject): K8sObject {
  return {
    metadata: metadataOf(revision),
    spec: {
      selector: podLabels(revision.metadata.name!),
      ports: [
        { name: 'grpc-xds', port: 15010, targetPort: 15010, protocol: 'TCP' },
        { name: 'https-dns', port: 15012, targetPort: 15012, protocol: 'TCP' },
        {
          name: 'https-webhook',
          port: 443,
          targetPort: 15017,
          protocol: 'TCP',
        },
        {
          name: 'http-monitoring',
          port: 15014,
          targetPort: 15014,
          protocol: 'TCP',
        },
      ],
    },
  };
}

export function istiodDeployment(revision: K8sObject): K8sObject {
  const rev = revision.metadata.name!;
  const labels = podLabels(rev);
  return {
    metadata: metadataOf(revision),
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: {
          labels: { ...labels, 'sidecar.istio.io/inject': 'false' },
        },
        spec: {
          serviceAccountName: istiodNameOf(rev),
          containers: [
            {
              name: 'discovery',
              image: pilotImage(revision.spec.version),
              ports: [
                { containerPort: 8080, protocol: 'TCP' },
                { containerPort: 15010, protocol: 'TCP' },
                { containerPort: 15017, protocol: 'TCP' },
              ],
            },
          ],
        },
      },
    },
  };
}
