import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox } from '../../sandbox';
import { SandboxTokens } from '../auth';

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export type Kubectl = ((
  args: string[],
  stdin?: string,
) => Promise<KubectlResult>) & { cleanup(): void };

/**
 * Runs /usr/bin/kubectl against a sandbox's port with a kubeconfig file of the
 * given token (cluster-admin by default, as the guide's `oc login` as admin)
 * and a discovery cache of its own. Asynchronous, so the in-process server
 * (the proxy and the webhooks) can answer.
 */
export function kubectlFor(
  sandbox: Sandbox,
  access: keyof SandboxTokens = 'admin',
): Kubectl {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-sandbox-kubectl-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, sandbox.kubeconfig(access));
  const run = (args: string[], stdin?: string) =>
    new Promise<KubectlResult>((resolve, reject) => {
      const child = spawn(
        '/usr/bin/kubectl',
        [
          '--kubeconfig',
          kubeconfig,
          '--cache-dir',
          join(dir, 'cache'),
          ...args,
        ],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', chunk => {
        stdout += chunk;
      });
      child.stderr.on('data', chunk => {
        stderr += chunk;
      });
      child.on('error', reject);
      child.on('close', code => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin ?? '');
    });
  return Object.assign(run, {
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  });
}

/** The rows of kubectl's table output, split into columns. */
export function tableRows(output: string): string[][] {
  return output
    .trim()
    .split('\n')
    .map(line => line.trim().split(/\s{2,}/));
}
