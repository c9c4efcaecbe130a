// The portal that `yarn e2e` tests, started by playwright.config.ts as its
// webServer: the app's production build served by the backend on :7007, with
// the mesh sandbox on :6443 and Prometheus on :9090, through scripts/start.mjs
// (configs app-config.yaml + app-config.e2e.yaml).
//
// It fails at once, naming the cause, when a port is taken or Prometheus is
// missing. The build's and the servers' output goes to
// node_modules/.cache/e2e/portal.log (a file, not a pipe: a server still
// logging while it stops must not write into a closed pipe); this script
// prints only its own progress, and the log's tail when something fails.
//
// Playwright stops it with SIGTERM, which scripts/start.mjs passes on to the
// sandbox, Prometheus and the backend; this script then waits until their
// ports are closed, so that the next run finds them free.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { portOpen } from './ports.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const logFile = join(root, 'node_modules/.cache/e2e/portal.log');
mkdirSync(dirname(logFile), { recursive: true });
const log = openSync(logFile, 'w');
const started = Date.now();
const ports = [
  [6443, 'the mesh sandbox'],
  [9090, 'Prometheus'],
  [7007, 'the backend'],
];

function say(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(`[portal ${seconds} s] ${message}\n`);
  writeSync(log, `[portal ${seconds} s] ${message}\n`);
}

function fail(message) {
  say(message);
  const tail = readFileSync(logFile, 'utf8').split('\n').slice(-60);
  process.stderr.write(
    `--- last lines of ${relative(root, logFile)} ---\n${tail.join('\n')}\n`,
  );
  process.exit(1);
}

async function openPorts() {
  const open = [];
  for (const [port, what] of ports) {
    if (await portOpen(port)) open.push(`${port} (${what})`);
  }
  return open;
}

function run(command, args) {
  writeSync(log, `$ ${command} ${args.join(' ')}\n`);
  return spawn(command, args, { cwd: root, stdio: ['ignore', log, log] });
}

const busy = await openPorts();
if (busy.length > 0) {
  fail(
    `port ${busy.join(
      ', ',
    )} already in use: stop the other portal (yarn start) first`,
  );
}
if (!existsSync('/usr/bin/prometheus')) {
  fail(
    "Debian's prometheus is not installed (./dev test installs it): the mesh card's observed split needs it",
  );
}

say('building the app (yarn workspace app build)');
const build = run('yarn', ['workspace', 'app', 'build']);
const buildCode = await new Promise(resolve => build.on('exit', resolve));
if (buildCode !== 0) fail(`the app build failed with exit code ${buildCode}`);
say('app built; starting the sandbox, Prometheus and the backend');

const portal = run('node', [
  'scripts/start.mjs',
  'packages/backend',
  '--config',
  join(root, 'app-config.yaml'),
  '--config',
  join(root, 'app-config.e2e.yaml'),
]);

let stopping = false;
function stop(signal) {
  stopping = true;
  // scripts/start.mjs got the signal too when it went to the process group;
  // pass it on in case it was sent to this process alone.
  portal.kill(signal);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

portal.on('exit', async code => {
  if (!stopping) fail(`scripts/start.mjs exited with code ${code}`);
  // start.mjs exits half a second after signalling its children; wait for
  // them to close their ports (the backend takes a few seconds).
  const deadline = Date.now() + 30_000;
  let open = await openPorts();
  while (open.length > 0 && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 250));
    open = await openPorts();
  }
  if (open.length > 0) {
    say(`still listening 30 s after SIGTERM: ${open.join(', ')}`);
    closeSync(log);
    process.exit(1);
  }
  say('stopped');
  closeSync(log);
  process.exit(0);
});
