import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseCliArguments, usage } from './cliArguments';
import { startLocalCluster } from './cluster/localCluster';
import { clusterControllers } from './clusterControllers';
import { startSandbox } from './sandbox';
import { scenarios } from './scenarios';
import { persistentServingCertificate } from './server/certificate';

function writePrivate(file: string, content: string) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content, { mode: 0o600 });
}

async function main() {
  let args;
  try {
    args = parseCliArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(usage);
    return;
  }
  const log = (message: string) =>
    process.stderr.write(`[sandbox] ${message}\n`);
  const certificate = args.tlsDir
    ? persistentServingCertificate(resolve(args.tlsDir), [
        args.host,
        'localhost',
      ])
    : undefined;
  const cluster = await startLocalCluster({
    certificate,
    dir: args.clusterDir ? resolve(args.clusterDir) : undefined,
    podReadyDelayMs: args.delayMs,
    log,
  });
  const sandbox = await startSandbox({
    cluster,
    port: args.port,
    host: args.host,
    trafficRps: args.trafficRps,
    appsDomain: args.appsDomain,
    controllers: clusterControllers().controllers,
    seed: scenarios[args.scenario]({
      users: args.users,
      services: args.services,
    }),
    log,
  });
  if (args.kubeconfig)
    writePrivate(resolve(args.kubeconfig), sandbox.kubeconfig());
  if (args.portalTokenFile)
    writePrivate(resolve(args.portalTokenFile), sandbox.tokens.write);
  if (args.adminTokenFile)
    writePrivate(resolve(args.adminTokenFile), sandbox.tokens.admin);
  process.stdout.write(
    [
      `local cluster (${args.scenario}) listening on ${sandbox.url}`,
      `  kubernetes API   ${sandbox.url}  (kube-apiserver ${sandbox.version} at ${sandbox.apiServerUrl})`,
      `  kiali            ${sandbox.url}/kiali`,
      `  metrics          ${sandbox.url}/metrics`,
      `  logs             ${cluster.controlPlane.dir}/logs/`,
      ...(args.kubeconfig
        ? [
            `  kubeconfig       ${resolve(
              args.kubeconfig,
            )}  (the portal's service account: kubectl --kubeconfig ${
              args.kubeconfig
            } get pods -A)`,
          ]
        : []),
      ...(args.tlsDir
        ? [`  CA certificate   ${resolve(args.tlsDir, 'ca.crt')}`]
        : []),
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await sandbox.stop();
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  process.stderr.write(
    `the local cluster failed to start: ${(error as Error).message}\n`,
  );
  process.exit(1);
});
