import { IncomingMessage } from 'node:http';
import { bearerToken } from './http';

export type Access = 'admin' | 'write' | 'read';

export interface SandboxTokens {
  /** Full access to the Kubernetes API and the /_sandbox control endpoints. */
  admin: string;
  /** Full access to the Kubernetes API (what Backstage is configured with). */
  write: string;
  /** Reads only: every write answers 403. */
  read: string;
}

export const defaultTokens: SandboxTokens = {
  admin: 'sandbox-admin-token',
  write: 'sandbox-token',
  read: 'sandbox-read-only-token',
};

export interface Caller {
  access: Access;
  user: string;
}

const users: Record<Access, string> = {
  admin: 'system:admin',
  write: 'system:serviceaccount:sandbox:backstage',
  read: 'system:serviceaccount:sandbox:viewer',
};

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
