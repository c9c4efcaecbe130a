import { K8sObject, Kind, Sandbox, kinds } from '@internal/mesh-sandbox';

/** The kinds the template writes, and those Kubernetes and the operators make from them. */
const namespacedKinds: Kind[] = [
  kinds.deployments,
  kinds.replicaSets,
  kinds.services,
  kinds.serviceAccounts,
  kinds.configMaps,
  kinds.networkPolicies,
  kinds.routes,
  kinds.controlPlanes,
  kinds.memberRolls,
  kinds.members,
  kinds.gateways,
  kinds.virtualServices,
  kinds.destinationRules,
];

/** Set by the API server or the controllers at a moment, not by what was asked for. */
const volatileAnnotations = [
  'kubectl.kubernetes.io/last-applied-configuration',
];

function normalized(kind: Kind, o: K8sObject) {
  const m = o.metadata as any;
  const annotations = Object.fromEntries(
    Object.entries(m.annotations ?? {}).filter(
      ([key]) => !volatileAnnotations.includes(key),
    ),
  );
  const spec = { ...(o as any).spec };
  if (kind === kinds.services) {
    // allocated by the API server
    delete spec.clusterIP;
    delete spec.clusterIPs;
  }
  const status = (o as any).status ?? {};
  const summary: Record<string, unknown> = {};
  if (kind === kinds.controlPlanes) {
    summary.conditions = (status.conditions ?? [])
      .map((c: any) => `${c.type}=${c.status}`)
      .sort();
  }
  if (kind === kinds.memberRolls) {
    summary.configuredMembers = [...(status.configuredMembers ?? [])].sort();
  }
  if (kind === kinds.deployments || kind === kinds.replicaSets) {
    summary.replicas = status.replicas ?? 0;
    summary.readyReplicas = status.readyReplicas ?? 0;
  }
  if (kind === kinds.routes) {
    summary.ingress = (status.ingress ?? []).map((i: any) => i.host);
  }
  return {
    labels: m.labels ?? {},
    annotations,
    owners: (m.ownerReferences ?? []).map((r: any) => `${r.kind}/${r.name}`),
    ...(kind === kinds.serviceAccounts || kind === kinds.configMaps
      ? {}
      : { spec }),
    ...(kind === kinds.configMaps
      ? { keys: Object.keys((o as any).data ?? {}).sort() }
      : {}),
    status: summary,
  };
}

/**
 * What the user's namespaces hold, by `Kind namespace/name`, with what must
 * match between two runs: labels, annotations, owners and spec of every object
 * of the kinds the template writes or causes, the status that tells it worked
 * (control plane conditions, configured members, ready replicas, route hosts),
 * and the pods per ReplicaSet with their ready containers (pod names are
 * random). Server-assigned fields (uid, resourceVersion, timestamps, cluster
 * IPs) are left out.
 */
export async function userNamespacesState(
  sandbox: Sandbox,
  user: string,
): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {};
  const namespaces = (await sandbox.client.list(kinds.namespaces)).items
    .map(ns => ns.metadata.name ?? '')
    .filter(name => name.startsWith(`${user}-`))
    .sort();
  for (const namespace of namespaces) {
    const ns = await sandbox.client.get(kinds.namespaces, undefined, namespace);
    state[`Namespace ${namespace}`] = {
      labels: ns.metadata.labels ?? {},
      annotations: ns.metadata.annotations ?? {},
      phase: (ns as any).status?.phase,
    };
    for (const kind of namespacedKinds) {
      for (const o of (await sandbox.client.list(kind, namespace)).items) {
        state[`${kind.kind} ${namespace}/${o.metadata.name}`] = normalized(
          kind,
          o,
        );
      }
    }
    const pods: Record<string, string[]> = {};
    for (const pod of (await sandbox.client.list(kinds.pods, namespace))
      .items) {
      const owner =
        (pod.metadata as any).ownerReferences?.map(
          (r: any) => `${r.kind}/${r.name}`,
        ) ?? [];
      const key = `Pods ${namespace} of ${owner.join(',') || 'nobody'}`;
      const statuses = (pod as any).status?.containerStatuses ?? [];
      const ready = statuses.filter((c: any) => c.ready).length;
      const containers = (pod as any).spec.containers
        .map((c: any) => c.name)
        .sort();
      (pods[key] ??= []).push(
        `${(pod as any).status?.phase} ${ready}/${
          containers.length
        } ${containers.join(',')}`,
      );
    }
    for (const [key, list] of Object.entries(pods)) state[key] = list.sort();
  }
  return state;
}
