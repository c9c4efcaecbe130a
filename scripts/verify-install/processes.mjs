// Child processes of `yarn verify:install`: each command's output goes to a
// log file of its own (printed in part when it fails), and every server it
// starts is its own process group, stopped by stopAll() on success, failure
// or a signal, so that nothing is left running.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

const servers = [];

/** The last lines of a log file (without health checks), for an error message. */
export function logTail(logFile, lines = 40) {
  try {
    return readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(line => !line.includes('/.backstage/health/v1/readiness'))
      .slice(-lines)
      .join('\n');
  } catch {
    return '(no log)';
  }
}

/** A failure whose message names the step; the log's tail is printed with it. */
export class StepError extends Error {
  constructor(message, logFile) {
    super(message);
    this.logFile = logFile;
  }
}

function spawnLogged(command, args, { cwd, env, logFile, detached }) {
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, {
    cwd,
    env: env ?? process.env,
    stdio: ['ignore', log, log],
    detached,
  });
  closeSync(log);
  return child;
}

/**
 * Runs a command to its end; rejects naming it and its log when it fails.
 * `what` says what it does, for the error.
 */
export function run(what, command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawnLogged(command, args, { ...options, detached: true });
    servers.push(child);
    child.on('error', error =>
      reject(new StepError(`${what}: ${error.message}`, options.logFile)),
    );
    child.on('exit', (code, signal) => {
      servers.splice(servers.indexOf(child), 1);
      if (code === 0) resolve();
      else
        reject(
          new StepError(
            `${what} failed (${command} ${args.join(' ')} exited with ${
              signal ?? code
            }; log ${options.logFile})`,
            options.logFile,
          ),
        );
    });
  });
}

/**
 * Starts a server in its own process group. `exited` settles when it stops;
 * until stopAll() that is a failure of the run.
 */
export function start(what, command, args, options) {
  const child = spawnLogged(command, args, { ...options, detached: true });
  servers.push(child);
  child.exited = new Promise(resolve =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  child.what = what;
  child.logFile = options.logFile;
  return child;
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops every process group started here: SIGTERM, then SIGKILL for a group
 * still alive after `graceMs`.
 */
export async function stopAll(graceMs = 20_000) {
  const groups = servers.splice(0).map(child => child.pid);
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + graceMs;
  while (groups.some(groupAlive) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  for (const pid of groups.filter(groupAlive)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}
