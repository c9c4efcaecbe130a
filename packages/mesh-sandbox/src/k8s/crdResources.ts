import { K8sObject, PrinterColumn, ResourceType } from './types';

/** The kind a CustomResourceDefinition object makes the API server serve. */
export function resourceTypeFromCrd(crd: K8sObject): ResourceType | undefined {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const served = ((spec.versions ?? []) as any[]).filter(
    v => v.served !== false,
  );
  if (!spec.group || !names.plural || !names.kind || served.length === 0) {
    return undefined;
  }
  // The storage version is the preferred one, as discovery reports it.
  const ordered = [
    ...served.filter(v => v.storage),
    ...served.filter(v => !v.storage),
  ];
  const preferred = ordered[0];
  return {
    group: spec.group,
    versions: ordered.map(v => v.name),
    plural: names.plural,
    singular: names.singular ?? names.kind.toLowerCase(),
    kind: names.kind,
    listKind: names.listKind ?? `${names.kind}List`,
    namespaced: spec.scope !== 'Cluster',
    shortNames: names.shortNames,
    categories: names.categories,
    hasStatus: Boolean(preferred.subresources?.status),
    printerColumns: ((preferred.additionalPrinterColumns ?? []) as any[]).map(
      (c): PrinterColumn => ({
        name: c.name,
        type: c.type ?? 'string',
        jsonPath: c.jsonPath,
        description: c.description,
        priority: c.priority,
      }),
    ),
    crdName: crd.metadata.name,
  };
}

interface CrdVersion {
  name: string;
  storage?: boolean;
  columns?: PrinterColumn[];
}

/** Age goes after the columns kubectl always shows, before the `-o wide` ones, as in the operators' CRDs. */
function withAgeColumn(columns: PrinterColumn[]): PrinterColumn[] {
  const age: PrinterColumn = {
    name: 'Age',
    type: 'date',
    jsonPath: '.metadata.creationTimestamp',
  };
  const wideAt = columns.findIndex(c => (c.priority ?? 0) > 0);
  return wideAt < 0
    ? [...columns, age]
    : [...columns.slice(0, wideAt), age, ...columns.slice(wideAt)];
}

/** Builds a CRD object as an operator's bundle installs it. */
export function makeCrd(options: {
  group: string;
  kind: string;
  plural: string;
  shortNames?: string[];
  categories?: string[];
  scope?: 'Namespaced' | 'Cluster';
  versions: CrdVersion[];
}): K8sObject {
  const { group, kind, plural } = options;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: options.scope ?? 'Namespaced',
      names: {
        kind,
        listKind: `${kind}List`,
        plural,
        singular: kind.toLowerCase(),
        shortNames: options.shortNames,
        categories: options.categories,
      },
      versions: options.versions.map(v => ({
        name: v.name,
        served: true,
        storage: Boolean(v.storage),
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
        additionalPrinterColumns: withAgeColumn(v.columns ?? []),
      })),
    },
  };
}
