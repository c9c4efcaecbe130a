import { jsonPathText } from './jsonPath';
import { selectorString } from './scale';
import { K8sObject, ResourceType } from './types';

interface Column {
  name: string;
  type: string;
  format?: string;
  description?: string;
  /** 1 for the columns only `-o wide` shows. */
  priority?: number;
  cell: (object: K8sObject) => string | number;
}

/** `5m`, `2d3h`: the age format of kubectl. */
export function humanAge(
  timestamp: string | undefined,
  now = Date.now(),
): string {
  if (!timestamp) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10)
    return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  cell: o => o.metadata.name ?? '',
};
const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp of the object.',
  cell: o => humanAge(o.metadata.creationTimestamp),
};

function podStatus(pod: K8sObject): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  const waiting = (pod.status?.containerStatuses ?? []).find(
    (c: any) => c.state?.waiting,
  );
  if (waiting) return waiting.state.waiting.reason ?? 'Waiting';
  return pod.status?.phase ?? 'Pending';
}

const builtinColumns: Record<string, Column[]> = {
  '/Pod': [
    {
      name: 'Ready',
      type: 'string',
      cell: p => {
        const statuses = p.status?.containerStatuses ?? [];
        const total = (p.spec?.containers ?? []).length;
        return `${statuses.filter((c: any) => c.ready).length}/${total}`;
      },
    },
    { name: 'Status', type: 'string', cell: podStatus },
    {
      name: 'Restarts',
      type: 'string',
      cell: p =>
        String(
          (p.status?.containerStatuses ?? []).reduce(
            (n: number, c: any) => n + (c.restartCount ?? 0),
            0,
          ),
        ),
    },
    {
      name: 'IP',
      type: 'string',
      priority: 1,
      cell: p => p.status?.podIP ?? '<none>',
    },
    {
      name: 'Node',
      type: 'string',
      priority: 1,
      cell: p => p.spec?.nodeName ?? '<none>',
    },
  ],
  'apps/Deployment': [
    {
      name: 'Ready',
      type: 'string',
      cell: d => `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
    },
    {
      name: 'Up-to-date',
      type: 'integer',
      cell: d => d.status?.updatedReplicas ?? 0,
    },
    {
      name: 'Available',
      type: 'integer',
      cell: d => d.status?.availableReplicas ?? 0,
    },
    {
      name: 'Containers',
      type: 'string',
      priority: 1,
      cell: d =>
        (d.spec?.template?.spec?.containers ?? [])
          .map((c: any) => c.name)
          .join(','),
    },
    {
      name: 'Images',
      type: 'string',
      priority: 1,
      cell: d =>
        (d.spec?.template?.spec?.containers ?? [])
          .map((c: any) => c.image)
          .join(','),
    },
    {
      name: 'Selector',
      type: 'string',
      priority: 1,
      cell: d => selectorString(d.spec?.selector) || '<none>',
    },
  ],
  'apps/ReplicaSet': [
    { name: 'Desired', type: 'integer', cell: r => r.spec?.replicas ?? 0 },
    { name: 'Current', type: 'integer', cell: r => r.status?.replicas ?? 0 },
    { name: 'Ready', type: 'integer', cell: r => r.status?.readyReplicas ?? 0 },
  ],
  '/Service': [
    { name: 'Type', type: 'string', cell: s => s.spec?.type ?? 'ClusterIP' },
    {
      name: 'Cluster-IP',
      type: 'string',
      cell: s => s.spec?.clusterIP ?? '<none>',
    },
    { name: 'External-IP', type: 'string', cell: () => '<none>' },
    {
      name: 'Port(s)',
      type: 'string',
      cell: s =>
        (s.spec?.ports ?? [])
          .map((p: any) => `${p.port}/${p.protocol ?? 'TCP'}`)
          .join(',') || '<none>',
    },
  ],
  '/Namespace': [
    { name: 'Status', type: 'string', cell: n => n.status?.phase ?? 'Active' },
  ],
  'networking.k8s.io/NetworkPolicy': [
    {
      name: 'Pod-Selector',
      type: 'string',
      cell: n =>
        Object.entries(n.spec?.podSelector?.matchLabels ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(',') || '<none>',
    },
  ],
};

function columnsFor(type: ResourceType): Column[] {
  const builtin = builtinColumns[`${type.group}/${type.kind}`];
  if (builtin) {
    // Age comes before the columns only `-o wide` shows, as kubectl prints them.
    const wide = builtin.filter(c => (c.priority ?? 0) > 0);
    const always = builtin.filter(c => !wide.includes(c));
    return [nameColumn, ...always, ageColumn, ...wide];
  }
  const declared = type.printerColumns ?? [];
  const custom = declared.map(
    (c): Column => ({
      name: c.name,
      type: c.type,
      description: c.description,
      priority: c.priority,
      // The API server prints date columns as ages, as kubectl shows them.
      cell: o =>
        c.type === 'date'
          ? humanAge(jsonPathText(o, c.jsonPath) || undefined)
          : jsonPathText(o, c.jsonPath),
    }),
  );
  const hasAge = declared.some(
    c => c.jsonPath === '.metadata.creationTimestamp',
  );
  return [nameColumn, ...custom, ...(hasAge ? [] : [ageColumn])];
}

/** A meta.k8s.io/v1 Table, what `kubectl get` asks for and prints. */
export function toTable(
  type: ResourceType,
  objects: K8sObject[],
  resourceVersion: string,
) {
  const columns = columnsFor(type);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map(c => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description ?? '',
      priority: c.priority ?? 0,
    })),
    rows: objects.map(object => ({
      cells: columns.map(c => c.cell(object)),
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: object.metadata,
      },
    })),
  };
}
