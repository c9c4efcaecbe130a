import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseCliArguments, usage } from './cliArguments';
import { clusterControllers } from './clusterControllers';
import { startSandbox } from './sandbox';
import { scenarios } from './scenarios';
import { persistentServingCertificate } from './server/certificate';

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
  const certificate = args.tlsDir
    ? persistentServingCertificate(resolve(args.tlsDir), [
        args.host,
        'localhost',
      ])
    : undefined;
  const sandbox = await startSandbox({
    port: args.port,
    host: args.host,
    certificate,
    delayMs: args.delayMs,
    trafficRps: args.trafficRps,
    appsDomain: args.appsDomain,
    controllers: clusterControllers().controllers,
    seed: scenarios[args.scenario]({
      users: args.users,
      services: args.services,
    }),
    log: message => process.stderr.write(`[sandbox] ${message}\n`),
  });
  if (args.kubeconfig) {
    const file = resolve(args.kubeconfig);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, sandbox.kubeconfig(), { mode: 0o600 });
  }
  process.stdout.write(
    [
      `mesh sandbox (${args.scenario}) listening on ${sandbox.url}`,
      `  kubernetes API   ${sandbox.url}  (read-write token: ${sandbox.tokens.write}, read-only: ${sandbox.tokens.read})`,
      `  kiali            ${sandbox.url}/kiali`,
      `  metrics          ${sandbox.url}/metrics`,
      ...(args.kubeconfig
        ? [
            `  kubeconfig       ${resolve(
              args.kubeconfig,
            )}  (kubectl --kubeconfig ${args.kubeconfig} get pods -A)`,
          ]
        : []),
      ...(args.tlsDir
        ? [`  CA certificate   ${resolve(args.tlsDir, 'ca.crt')}`]
        : []),
      '',
    ].join('\n'),
  );
  const stop = async () => {
    await sandbox.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  process.stderr.write(
    `the mesh sandbox failed to start: ${(error as Error).message}\n`,
  );
  process.exit(1);
});
