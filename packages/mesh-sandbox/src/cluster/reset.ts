import { sleep } from '../sleep';
import { kinds } from '../client/kinds';
import { KubeClient, isNotFound, readText } from '../client/kubeClient';
import { K8sObject } from '../k8s/types';
import { applyPortalRbac, portalNamespace } from './access';
import { nodeName } from './controlPlane';
import { CrdSetup, installCrds } from './crds';

/** Namespaces a fresh cluster has (and the portal's accounts), kept by a reset. */
const baseNamespaces = new Set([
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  portalNamespace,
]);

/** What a new cluster has in default, as field selectors of what to delete there. */
const defaultKeeps: Record<string, string> = {
  services: 'metadata.name!=kubernetes',
  configmaps: 'metadata.name!=kube-root-ca.crt',
  serviceaccounts: 'metadata.name!=default',
};

interface DiscoveredResource {
  path: string;
  namespaced: boolean;
}

/** Every resource that can be deleted by collection, from aggregated discovery (two requests). */
async function deletableResources(
  client: KubeClient,
): Promise<DiscoveredResource[]> {
  const accept =
    'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
  const lists = await Promise.all(
    ['/api', '/apis'].map(async root => {
      const res = await client.stream(
        'GET',
        root,
        undefined,
        undefined,
        accept,
      );
      return { root, list: JSON.parse(await readText(res)) };
    }),
  );
  const found: DiscoveredResource[] = [];
  for (const { root, list } of lists) {
    for (const group of list.items ?? []) {
      // Every version: a group's kinds need not all be served at its
      // preferred one (maistra.io serves ServiceMeshMemberRoll at v1 only).
      const seen = new Set<string>();
      for (const version of group.versions ?? []) {
        const prefix =
          root === '/api'
            ? `/api/${version.version}`
            : `/apis/${group.metadata.name}/${version.version}`;
        for (const resource of version.resources ?? []) {
          if (!(resource.verbs ?? []).includes('deletecollection')) continue;
          if (seen.has(resource.resource)) continue;
          seen.add(resource.resource);
          found.push({
            path: `${prefix}/${resource.resource}`,
            namespaced: resource.scope === 'Namespaced',
          });
        }
      }
    }
  }
  return found;
}

/**
 * Puts a cluster an earlier sandbox used back as a fresh one would be, in about
 * a second: every namespace it created goes (its contents deleted at once and
 * the namespace finalized, rather than waiting for the namespace controller's
 * 5 s grace period per pass), `default` is emptied, missing CRDs return, and
 * the portal's roles and bindings are applied again.
 */
export async function resetCluster(
  client: KubeClient,
  cluster: CrdSetup,
  timeoutMs = 60_000,
): Promise<void> {
  await client.delete(
    kinds.mutatingWebhookConfigurations,
    undefined,
    'mesh-sandbox-simulators',
  );
  const namespaces = (await client.list(kinds.namespaces)).items
    .map(ns => ns.metadata.name!)
    .filter(name => !baseNamespaces.has(name));
  await Promise.all(
    namespaces.map(name => client.delete(kinds.namespaces, undefined, name)),
  );
  const resources = (await deletableResources(client)).filter(
    r => r.namespaced,
  );
  const emptied = [...namespaces, 'default'];
  const inNamespace = (resource: DiscoveredResource, namespace: string) =>
    resource.path.replace(/\/([^/]+)$/, `/namespaces/${namespace}/$1`);
  const keptInDefault = (resource: DiscoveredResource) =>
    Object.entries(defaultKeeps).find(([plural]) =>
      resource.path.endsWith(`/${plural}`),
    )?.[1];
  const selectorOf = (resource: DiscoveredResource, namespace: string) => {
    const kept = namespace === 'default' ? keptInDefault(resource) : undefined;
    return kept ? `&fieldSelector=${encodeURIComponent(kept)}` : '';
  };
  const tolerate = (error: unknown) => {
    if (!isNotFound(error) && (error as any).code !== 405) throw error;
  };
  // Until nothing is left: an object written meanwhile (or a collection the
  // API server could not serve for a moment) would outlive its namespace and
  // come back in the next one of that name.
  for (let pass = 1; ; pass++) {
    await Promise.all(
      emptied.flatMap(namespace =>
        resources.map(resource =>
          client
            .request(
              'DELETE',
              `${inNamespace(
                resource,
                namespace,
              )}?gracePeriodSeconds=0${selectorOf(resource, namespace)}`,
            )
            .catch(tolerate),
        ),
      ),
    );
    const left = (
      await Promise.all(
        emptied.flatMap(namespace =>
          resources.map(async resource => {
            const path = inNamespace(resource, namespace);
            const list = await client
              .request(
                'GET',
                `${path}?limit=100${selectorOf(resource, namespace)}`,
              )
              .catch(error => {
                tolerate(error);
                return { items: [] };
              });
            const items: K8sObject[] = list?.items ?? [];
            // A finalizer whose controller is gone (a test's, an operator's
            // that stopped) would hold the object, and its namespace, forever.
            await Promise.all(
              items
                .filter(
                  item =>
                    item.metadata.deletionTimestamp &&
                    (item.metadata.finalizers ?? []).length > 0,
                )
                .map(item =>
                  client
                    .request(
                      'PATCH',
                      `${path}/${encodeURIComponent(item.metadata.name!)}`,
                      { metadata: { finalizers: null } },
                      'application/merge-patch+json',
                    )
                    .catch(tolerate),
                ),
            );
            return items.length > 0
              ? `${namespace}: ${resource.path}`
              : undefined;
          }),
        ),
      )
    ).filter(Boolean);
    if (left.length === 0) break;
    if (pass >= 20)
      throw new Error(`the reset could not empty ${left.join(', ')}`);
    await sleep(100);
  }
  await Promise.all(
    namespaces.map(name =>
      client
        .request('PUT', `/api/v1/namespaces/${name}/finalize`, {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name },
          spec: { finalizers: [] },
        })
        .catch(error => {
          if (!isNotFound(error)) throw error;
        }),
    ),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = (await client.list(kinds.namespaces)).items.filter(ns =>
      namespaces.includes(ns.metadata.name!),
    );
    if (left.length === 0) break;
    if (Date.now() > deadline)
      throw new Error(
        `namespaces still there after the reset: ${left
          .map(ns => ns.metadata.name)
          .join(', ')}`,
      );
    await sleep(50);
  }
  await installCrds(client, cluster);
  await applyPortalRbac(client);
  await client.mergePatch(kinds.nodes, undefined, nodeName, {
    spec: { unschedulable: null },
  });
}
