import { IncomingMessage } from 'node:http';
import { bearerToken } from './http';

export type Access = 'admin' | 'write' | 'read' | 'none';

/** The local cluster's bearer tokens, by what they may do. */
export interface SandboxTokens {
  /** system:masters: the sandbox's own setup, its simulators and its /_sandbox control endpoints. */
  admin: string;
  /** The portal's service account: the ClusterRoles of the plugins' rbac.yaml files. */
  write: string;
  /** A service account bound only to the read roles. */
  read: string;
  /** A service account with no rights at all. */
  none: string;
}

export interface Caller {
  access: Access;
  user: string;
}

const users: Record<Access, string> = {
  admin: 'mesh-sandbox-admin',
  write: 'system:serviceaccount:backstage:backstage',
  read: 'system:serviceaccount:backstage:backstage-read-only',
  none: 'system:serviceaccount:backstage:backstage-no-rights',
};

/** Who a request's bearer token belongs to, among the sandbox's tokens. */
export function callerOf(
  req: IncomingMessage,
  tokens: SandboxTokens,
): Caller | undefined {
  const token = bearerToken(req);
  if (!token) return undefined;
  const access = (Object.keys(tokens) as Access[]).find(
    a => tokens[a] === token,
  );
  return access ? { access, user: users[access] } : undefined;
}
