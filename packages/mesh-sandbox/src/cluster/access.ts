import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { kinds } from '../client/kinds';
import { KubeClient } from '../client/kubeClient';
import { K8sObject } from '../k8s/types';
import { repoRoot } from './paths';

/** Where the portal's service accounts live. */
export const portalNamespace = 'backstage';

/** Service accounts by what their token may do. */
export const portalAccounts = {
  /** The portal: every ClusterRole the plugins' READMEs ask for. */
  write: 'backstage',
  /** Only the roles labelled `service-mesh.backstage.io/access: read`. */
  read: 'backstage-read-only',
  /** Authenticated, with no rights beyond discovery. */
  none: 'backstage-no-rights',
} as const;

export type PortalAccess = keyof typeof portalAccounts;

/** The plugins' ClusterRoles, read from their `rbac.yaml` files as a platform admin would apply them. */
export function portalClusterRoles(): K8sObject[] {
  const files = [
    ...readdirSync(join(repoRoot, 'plugins')).map(name =>
      join(repoRoot, 'plugins', name, 'rbac.yaml'),
    ),
    join(repoRoot, 'packages', 'backend', 'rbac-kubernetes-plugin.yaml'),
  ].filter(file => existsSync(file));
  return files.flatMap(file =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map(doc => doc.toJS() as K8sObject)
      .filter(o => o?.kind === 'ClusterRole'),
  );
}

const accessOf = (role: K8sObject) =>
  role.metadata.labels?.['service-mesh.backstage.io/access'];

/** The portal gets every role, the read-only account the read roles, the other none. */
function grants(account: PortalAccess, role: K8sObject): boolean {
  if (account === 'write') return true;
  return account === 'read' && accessOf(role) === 'read';
}

const manager = { fieldManager: 'mesh-sandbox-bootstrap', force: true };

/** The portal's namespace, its service accounts, and each account bound to its ClusterRoles (idempotent). */
export async function applyPortalRbac(client: KubeClient): Promise<void> {
  await client.apply(
    kinds.namespaces,
    { metadata: { name: portalNamespace } },
    manager,
  );
  const roles = portalClusterRoles();
  await Promise.all(
    roles.map(role => client.apply(kinds.clusterRoles, role, manager)),
  );
  for (const [access, account] of Object.entries(portalAccounts) as [
    PortalAccess,
    string,
  ][]) {
    await client.apply(
      kinds.serviceAccounts,
      { metadata: { name: account, namespace: portalNamespace } },
      manager,
    );
    const granted = roles.filter(role => grants(access, role));
    await Promise.all(
      granted.map(role =>
        client.apply(
          kinds.clusterRoleBindings,
          {
            metadata: { name: `${account}:${role.metadata.name}` },
            roleRef: {
              apiGroup: 'rbac.authorization.k8s.io',
              kind: 'ClusterRole',
              name: role.metadata.name,
            },
            subjects: [
              {
                kind: 'ServiceAccount',
                name: account,
                namespace: portalNamespace,
              },
            ],
          },
          manager,
        ),
      ),
    );
  }
}

/** A token of each portal service account from the TokenRequest API, valid for a year. */
export async function requestPortalTokens(
  client: KubeClient,
): Promise<Record<PortalAccess, string>> {
  const tokens = {} as Record<PortalAccess, string>;
  for (const [access, account] of Object.entries(portalAccounts) as [
    PortalAccess,
    string,
  ][]) {
    const review = await client.request(
      'POST',
      `/api/v1/namespaces/${portalNamespace}/serviceaccounts/${account}/token`,
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 365 * 24 * 3600 },
      },
    );
    tokens[access] = review.status.token;
  }
  return tokens;
}
