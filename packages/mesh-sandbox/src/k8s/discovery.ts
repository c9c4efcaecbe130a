import { ResourceRegistry } from './registry';
import { groupVersion } from './types';

const resourceVerbs = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

export const versionInfo = {
  major: '1',
  minor: '27',
  gitVersion: 'v1.27.16+sandbox',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.20.14',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions() {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [
      { clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' },
    ],
  };
}

export function apiGroupList(registry: ResourceRegistry) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...registry.groups()].map(([name, versions]) =>
      apiGroup(name, versions),
    ),
  };
}

export function apiGroup(name: string, versions: string[]) {
  const entries = versions.map(version => ({
    groupVersion: `${name}/${version}`,
    version,
  }));
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name,
    versions: entries,
    preferredVersion: entries[0],
  };
}

/** The APIResourceList of one group/version, or undefined when it is not served. */
export function apiResourceList(
  registry: ResourceRegistry,
  group: string,
  version: string,
) {
  const types = registry
    .all()
    .filter(t => t.group === group && t.versions.includes(version));
  if (types.length === 0) return undefined;
  const resources = types.flatMap(type => {
    const main = {
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: resourceVerbs,
      ...(type.shortNames?.length ? { shortNames: type.shortNames } : {}),
      ...(type.categories?.length ? { categories: type.categories } : {}),
    };
    const status = type.hasStatus
      ? [
          {
            name: `${type.plural}/status`,
            singularName: '',
            namespaced: type.namespaced,
            kind: type.kind,
            verbs: ['get', 'patch', 'update'],
          },
        ]
      : [];
    const scale = type.hasScale
      ? [
          {
            name: `${type.plural}/scale`,
            singularName: '',
            namespaced: type.namespaced,
            group: 'autoscaling',
            version: 'v1',
            kind: 'Scale',
            verbs: ['get', 'patch', 'update'],
          },
        ]
      : [];
    return [main, ...status, ...scale];
  });
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion(group, version),
    resources,
  };
}
