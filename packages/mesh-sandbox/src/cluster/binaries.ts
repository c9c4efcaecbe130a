import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { packageDir } from './paths';

/** The script that builds the control plane's binaries from the Go module proxy into a per-machine cache. */
export const buildScript = join(packageDir, 'cluster', 'build-binaries.sh');

export interface ClusterBinaries {
  dir: string;
  etcd: string;
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kwok: string;
  /** kwok's Stage objects (Node and Pod lifecycle). */
  kwokStages: string;
  /** Whether this call had to build them, and how long it took. */
  builtSeconds?: number;
}

/**
 * The binaries of the real control plane, built on first use (10-20 minutes on
 * 2 cores, with progress on stderr) and reused from the per-machine cache after.
 */
export async function clusterBinaries(
  log: (line: string) => void = line => process.stderr.write(`${line}\n`),
): Promise<ClusterBinaries> {
  const built = await run(buildScript, ['--check'], () => {}).then(
    () => true,
    () => false,
  );
  const started = Date.now();
  const output = await run(buildScript, [], log);
  const dir = output.trim().split('\n').pop()!;
  return {
    dir,
    etcd: join(dir, 'etcd'),
    kubeApiserver: join(dir, 'kube-apiserver'),
    kubeControllerManager: join(dir, 'kube-controller-manager'),
    kubeScheduler: join(dir, 'kube-scheduler'),
    kwok: join(dir, 'kwok'),
    kwokStages: join(dir, 'kwok-stages.yaml'),
    builtSeconds: built ? undefined : (Date.now() - started) / 1000,
  };
}

function run(
  command: string,
  args: string[],
  log: (line: string) => void,
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', [command, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => {
      stdout += chunk;
    });
    child.stderr.on('data', chunk => {
      stderr += chunk;
      for (const line of String(chunk).split('\n')) if (line) log(line);
    });
    child.on('error', reject);
    child.on('exit', code =>
      code === 0
        ? resolvePromise(stdout)
        : reject(
            new Error(
              `${command} ${args.join(' ')} exited with ${code}: ${stderr
                .split('\n')
                .slice(-15)
                .join('\n')}`,
            ),
          ),
    );
  });
}
