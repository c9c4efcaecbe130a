import { ChildProcess, spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { kialiBinaries } from '../cluster/binaries';
import { freePort } from '../cluster/freePort';
import { kinds } from '../client/kinds';
import { K8sObject } from '../k8s/types';
import { RealPrometheus } from '../prometheus/realPrometheus';
import { Sandbox } from '../sandbox';
import { sleep } from '../sleep';

/** A real Kiali server (1.73, the OSSM 2.5/2.6 line) run out of cluster against a sandbox. */
export interface RealKiali {
  /** Kiali's base URL (plain HTTP on 127.0.0.1, anonymous strategy); its API is under /api. */
  url: string;
  stop(): Promise<void>;
}

export interface RealKialiOptions {
  /** The control plane namespace Kiali belongs to (`istio_namespace`). */
  istioNamespace: string;
  /** How long to wait for Kiali's cache to sync and its API to answer. */
  timeoutMs?: number;
}

/**
 * The name the sandbox's Istio metrics give the cluster (`destination_cluster`),
 * which is also Kiali's default for a cluster it cannot ask istiod about; it
 * must match or Kiali's health queries find no traffic.
 */
const CLUSTER_NAME = 'Kubernetes';

function kialiConfig(
  dir: string,
  port: number,
  metricsPort: number,
  prometheusUrl: string,
  istioNamespace: string,
) {
  return [
    `istio_namespace: ${istioNamespace}`,
    'in_cluster: false',
    'auth:',
    '  strategy: anonymous',
    'deployment:',
    "  accessible_namespaces: ['**']",
    `  namespace: ${istioNamespace}`,
    // out of cluster, Kiali reads its cluster credentials from a kubeconfig here
    `  remote_secret_path: ${join(dir, 'kubeconfig')}`,
    'kubernetes_config:',
    `  cluster_name: ${CLUSTER_NAME}`,
    'server:',
    '  address: 127.0.0.1',
    `  port: ${port}`,
    `  static_content_root_directory: ${join(dir, 'console')}`,
    '  observability:',
    '    metrics:',
    '      enabled: false',
    `      port: ${metricsPort}`,
    'external_services:',
    '  istio:',
    // kwok's pods have no Envoy admin port to ask for proxy status
    '    istio_api_enabled: false',
    '  prometheus:',
    `    url: ${prometheusUrl}`,
    '  grafana:',
    '    enabled: false',
    '  tracing:',
    '    enabled: false',
    'login_token:',
    `  signing_key: ${'k'.repeat(32)}`,
    '',
  ].join('\n');
}

function statusCode(url: string): Promise<number> {
  return new Promise(resolve => {
    request(url, res => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', () => resolve(0))
      .end();
  });
}

async function installWasmPluginsCrd(sandbox: Sandbox, file: string) {
  const crd = parse(readFileSync(file, 'utf8')) as K8sObject;
  await sandbox.client.apply(kinds.customResourceDefinitions, crd, {
    fieldManager: 'mesh-sandbox-kiali',
    force: true,
  });
}

/**
 * Starts Kiali 1.73 (built from the Go module proxy on first use) with the
 * sandbox's admin credentials and a real Prometheus, and waits until its cache
 * has synced and `/api/status` answers. Kiali reads the cluster with its own
 * informers and computes health from Prometheus exactly as it does in a cluster.
 */
export async function startRealKiali(
  sandbox: Sandbox,
  prometheus: RealPrometheus,
  options: RealKialiOptions,
): Promise<RealKiali> {
  const binaries = await kialiBinaries();
  // Kiali 1.73 waits for a WasmPlugin informer the Maistra CRDs do not provide
  await installWasmPluginsCrd(sandbox, binaries.wasmPluginsCrd);
  const dir = mkdtempSync(join(tmpdir(), 'mesh-sandbox-kiali-'));
  writeFileSync(join(dir, 'kubeconfig'), sandbox.kubeconfig('admin'));
  const [port, metricsPort] = [await freePort(), await freePort()];
  writeFileSync(
    join(dir, 'kiali.yaml'),
    kialiConfig(dir, port, metricsPort, prometheus.url, options.istioNamespace),
  );
  mkdirSync(join(dir, 'console'));
  let output = '';
  const child: ChildProcess = spawn(
    binaries.kiali,
    ['-config', join(dir, 'kiali.yaml')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk: Buffer) => {
    output = (output + chunk).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while ((await statusCode(`${url}/api/status`)) !== 200) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(
        `Kiali did not answer ${url}/api/status (${
          child.exitCode !== null
            ? `exited with ${child.exitCode}`
            : 'timed out'
        }); its last output:\n${output}`,
      );
    }
    await sleep(500);
  }
  return { url, stop };
}
