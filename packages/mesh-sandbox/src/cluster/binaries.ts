import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { packageDir } from './paths';

/** The script that builds the control plane's binaries from the Go module proxy into a per-machine cache. */
export const buildScript = join(packageDir, 'cluster', 'build-binaries.sh');

/** The script that builds a real Kiali server and the CRD it needs the same way. */
export const kialiBuildScript = join(packageDir, 'cluster', 'build-kiali.sh');

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
  const { dir, builtSeconds } = await builtFolder(buildScript, log);
  return {
    dir,
    etcd: join(dir, 'etcd'),
    kubeApiserver: join(dir, 'kube-apiserver'),
    kubeControllerManager: join(dir, 'kube-controller-manager'),
    kubeScheduler: join(dir, 'kube-scheduler'),
    kwok: join(dir, 'kwok'),
    kwokStages: join(dir, 'kwok-stages.yaml'),
    builtSeconds,
  };
}

export interface KialiBinaries {
  /** The Kiali server (github.com/kiali/kiali 1.73). */
  kiali: string;
  /** The WasmPlugin CRD, which Kiali 1.73's cache waits for. */
  wasmPluginsCrd: string;
  builtSeconds?: number;
}

/** A real Kiali server, built on first use (about 3 minutes) and reused after. */
export async function kialiBinaries(
  log: (line: string) => void = line => process.stderr.write(`${line}\n`),
): Promise<KialiBinaries> {
  const { dir, builtSeconds } = await builtFolder(kialiBuildScript, log);
  return {
    kiali: join(dir, 'kiali'),
    wasmPluginsCrd: join(dir, 'wasmplugins.crd.yaml'),
    builtSeconds,
  };
}

/** Runs a build script: the folder it prints last, and how long it built (when it did). */
async function builtFolder(
  script: string,
  log: (line: string) => void,
): Promise<{ dir: string; builtSeconds?: number }> {
  const built = await run(script, ['--check'], () => {}).then(
    () => true,
    () => false,
  );
  const started = Date.now();
  const output = await run(script, [], log);
  return {
    dir: output.trim().split('\n').pop()!,
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
