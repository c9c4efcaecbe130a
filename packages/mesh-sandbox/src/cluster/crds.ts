import { sleep } from '../sleep';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Kind, kinds } from '../client/kinds';
import { KubeApiError, KubeClient } from '../client/kubeClient';
import { ConversionWebhook } from '../context';
import { K8sObject } from '../k8s/types';
import { clusterConversions, conversionPath } from './conversionServer';
import { repoRoot } from './paths';

/** The upstream CRD folders the cluster serves, as the real operators install them. */
const upstreamFolders = [
  'maistra-2.5',
  'openshift-route',
  'istio',
  'sail-operator',
  'gateway-api',
];

/**
 * The folder of upstream CRDs shared beside the repository (`../shared/crds`),
 * or MESH_SANDBOX_CRDS when set. They are data copied unchanged from the
 * projects that define these APIs and are never copied into this repository.
 */
export function upstreamCrdDir(): string {
  const candidates = [
    process.env.MESH_SANDBOX_CRDS,
    resolve(repoRoot, '..', 'shared', 'crds'),
    '/work/shared/crds',
  ].filter((dir): dir is string => Boolean(dir));
  const found = candidates.find(dir => existsSync(join(dir, 'README.md')));
  if (!found) {
    throw new Error(
      `the upstream CRDs were not found (looked in ${candidates.join(
        ', ',
      )}); set MESH_SANDBOX_CRDS to the folder that holds maistra-2.5/, istio/, sail-operator/, gateway-api/ and openshift-route/`,
    );
  }
  return found;
}

/** Every CRD of the upstream folders (ValidatingAdmissionPolicies and the like are left out). */
export function upstreamCrds(dir = upstreamCrdDir()): K8sObject[] {
  return upstreamFolders.flatMap(folder =>
    readdirSync(join(dir, folder))
      .filter(name => /\.ya?ml$/.test(name))
      .sort()
      .flatMap(name =>
        parseAllDocuments(readFileSync(join(dir, folder, name), 'utf8'))
          .map(doc => doc.toJS() as K8sObject)
          .filter(o => o?.kind === 'CustomResourceDefinition'),
      ),
  );
}

/** An open-schema CRD for an operator that is only looked for (Kiali, Jaeger, Elasticsearch). */
function detectedOperatorCrd(
  group: string,
  kind: string,
  plural: string,
  version: string,
): K8sObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: {
        kind,
        listKind: `${kind}List`,
        plural,
        singular: kind.toLowerCase(),
      },
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              'x-kubernetes-preserve-unknown-fields': true,
            },
          },
        },
      ],
    },
  };
}

export const detectedOperatorCrds: K8sObject[] = [
  detectedOperatorCrd('kiali.io', 'Kiali', 'kialis', 'v1alpha1'),
  detectedOperatorCrd('jaegertracing.io', 'Jaeger', 'jaegers', 'v1'),
  detectedOperatorCrd(
    'logging.openshift.io',
    'Elasticsearch',
    'elasticsearches',
    'v1',
  ),
];

/** Every CRD the local cluster serves. */
export const clusterCrds = (): K8sObject[] => [
  ...upstreamCrds(),
  ...detectedOperatorCrds,
];

/** Where the cluster's conversion webhooks are served, and the CA clients trust. */
export interface CrdSetup {
  conversionUrl: string;
  certificate: { cert: string };
}

/**
 * Server-side applies the CRDs that are missing (all of them on a new cluster),
 * waits until they are Established, and points those with a conversion webhook
 * at the cluster's conversion server.
 */
export async function installCrds(
  client: KubeClient,
  setup: CrdSetup,
  crds: K8sObject[] = clusterCrds(),
  timeoutMs = 60_000,
): Promise<void> {
  const present = new Map(
    (await client.list(kinds.customResourceDefinitions)).items.map(crd => [
      crd.metadata.name!,
      crd,
    ]),
  );
  const missing = crds.filter(crd => !present.has(crd.metadata.name!));
  await Promise.all(
    missing.map(crd =>
      client.apply(kinds.customResourceDefinitions, crd, {
        fieldManager: 'mesh-sandbox-bootstrap',
        force: true,
      }),
    ),
  );
  const deadline = Date.now() + timeoutMs;
  const wanted = new Set(crds.map(crd => crd.metadata.name));
  for (;;) {
    const notEstablished = (
      await client.list(kinds.customResourceDefinitions)
    ).items
      .filter(crd => wanted.has(crd.metadata.name))
      .filter(
        crd =>
          !crd.status?.conditions?.some(
            (c: any) => c.type === 'Established' && c.status === 'True',
          ),
      )
      .map(crd => crd.metadata.name);
    if (notEstablished.length === 0) break;
    if (Date.now() > deadline)
      throw new Error(
        `CRDs not Established within ${
          timeoutMs / 1000
        } s: ${notEstablished.join(', ')}`,
      );
    await sleep(100);
  }
  for (const conversion of clusterConversions) {
    const crd = await client.tryGet(
      kinds.customResourceDefinitions,
      undefined,
      conversion.crd,
    );
    if (!crd || !wanted.has(conversion.crd)) continue;
    const url = `${setup.conversionUrl}${conversionPath(conversion.crd)}`;
    if (crd.spec.conversion?.webhook?.clientConfig?.url === url) continue;
    await client.mergePatch(
      kinds.customResourceDefinitions,
      undefined,
      conversion.crd,
      {
        spec: {
          conversion: {
            strategy: 'Webhook',
            webhook: {
              conversionReviewVersions: ['v1'],
              clientConfig: {
                url,
                caBundle: Buffer.from(setup.certificate.cert).toString(
                  'base64',
                ),
              },
            },
          },
        },
      },
    );
    await untilConverting(client, crd, conversion, deadline);
  }
}

/**
 * The API server swaps a changed CRD's storage in the background: for a while
 * after the patch, requests still go through the old conversion (None, which
 * prunes a v1 spec). A dry-run create of the webhook's probe keeps the v1-only
 * fields only once the webhook converts.
 */
async function untilConverting(
  client: KubeClient,
  crd: K8sObject,
  conversion: ConversionWebhook,
  deadline: number,
) {
  const { group, names, scope } = crd.spec;
  const version = conversion.probe.apiVersion.split('/')[1];
  const path = `/apis/${group}/${version}/${
    scope === 'Namespaced' ? 'namespaces/default/' : ''
  }${names.plural}?dryRun=All`;
  for (;;) {
    const answer = await client
      .request('POST', path, {
        apiVersion: conversion.probe.apiVersion,
        kind: names.kind,
        metadata: { name: 'conversion-probe' },
        spec: conversion.probe.spec,
      })
      .catch(() => undefined);
    if (conversion.probe.survives(answer?.spec)) return;
    if (Date.now() > deadline)
      throw new Error(
        `the API server did not take up the conversion webhook of ${conversion.crd} in time`,
      );
    await sleep(100);
  }
}

/** The REST kinds a CRD serves, one per served version. */
function servedKinds(crd: K8sObject): Kind[] {
  return (crd.spec?.versions ?? [])
    .filter((version: { served?: boolean }) => version.served)
    .map((version: { name: string }) => ({
      group: crd.spec.group,
      version: version.name,
      plural: crd.spec.names.plural,
      kind: crd.spec.names.kind,
      namespaced: crd.spec.scope === 'Namespaced',
    }));
}

async function stillServed(client: KubeClient, kind: Kind): Promise<boolean> {
  try {
    await client.list(kind, undefined, {});
    return true;
  } catch (error) {
    if (error instanceof KubeApiError && error.code === 404) return false;
    throw error;
  }
}

/**
 * Deletes the CRDs and waits until none of them is served any more: the
 * objects gone, and their REST paths answering 404 (the API server takes a
 * CRD's handlers down a moment after the object goes).
 */
export async function uninstallCrds(
  client: KubeClient,
  names: string[],
  timeoutMs = 60_000,
): Promise<void> {
  const crds = (
    await client.list(kinds.customResourceDefinitions)
  ).items.filter(crd => names.includes(crd.metadata.name!));
  await Promise.all(
    names.map(name =>
      client.delete(kinds.customResourceDefinitions, undefined, name),
    ),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = (await client.list(kinds.customResourceDefinitions)).items
      .map(crd => crd.metadata.name!)
      .filter(name => names.includes(name));
    const served: string[] = [];
    if (left.length === 0)
      for (const crd of crds)
        for (const kind of servedKinds(crd))
          if (await stillServed(client, kind))
            served.push(`${kind.plural}.${kind.group}/${kind.version}`);
    if (left.length === 0 && served.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `CRDs still served after ${timeoutMs / 1000} s: ${[
          ...left,
          ...served,
        ].join(', ')}`,
      );
    await sleep(100);
  }
}
