import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const backendDir = path.resolve(__dirname, '..', '..', '..');
export const repoRoot = path.resolve(backendDir, '..', '..');

/** The portal's backend as `yarn start` runs it, in a process of its own. */
export interface PortalProcess {
  url: string;
  pid: number;
  /** What it printed so far (stdout and stderr). */
  log(): string;
  /** SIGKILL to the CLI and the backend at once (their process group): a crash, no shutdown hooks. */
  kill(): Promise<void>;
  /** SIGTERM, as `yarn start` stops it. */
  stop(): Promise<void>;
}

const exited = (child: ChildProcess) =>
  new Promise<void>(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

async function poll<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  onTimeout: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${
          timeoutMs / 1000
        } s waiting for ${what}\n${onTimeout()}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

/**
 * Starts packages/backend with `backstage-cli package start` (what
 * `yarn start` runs for the backend) and the given config files, and waits
 * until its readiness endpoint answers 200.
 */
export async function startPortalProcess(options: {
  port: number;
  configFiles: string[];
  env?: Record<string, string>;
  logFile: string;
  timeoutMs?: number;
}): Promise<PortalProcess> {
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      path.join(
        repoRoot,
        'node_modules',
        '@backstage',
        'cli',
        'bin',
        'backstage-cli',
      ),
      'package',
      'start',
      ...options.configFiles.flatMap(file => ['--config', file]),
    ],
    {
      cwd: backendDir,
      // a process group of its own, so that a kill reaches the backend the CLI runs
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        FORCE_COLOR: '0',
        ...options.env,
      },
    },
  );
  fs.closeSync(log);
  const url = `http://localhost:${options.port}`;
  const logText = () => fs.readFileSync(options.logFile, 'utf8');
  const tail = () =>
    `--- last lines of ${options.logFile} ---\n${logText()
      .split('\n')
      .slice(-40)
      .join('\n')}`;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const portClosed = () =>
    poll(
      `port ${options.port} to close`,
      30_000,
      async () => {
        try {
          await fetch(url, { signal: AbortSignal.timeout(1000) });
          return undefined;
        } catch {
          return true;
        }
      },
      tail,
    );
  const portal: PortalProcess = {
    url,
    pid: child.pid!,
    log: logText,
    async kill() {
      signalGroup('SIGKILL');
      await exited(child);
      await portClosed();
    },
    async stop() {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 30_000);
      await exited(child);
      clearTimeout(timer);
      await portClosed();
    },
  };
  try {
    await poll(
      `the backend on ${url} to be ready`,
      options.timeoutMs ?? 180_000,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(
            `the backend exited (${
              child.exitCode ?? child.signalCode
            }) before it was ready\n${tail()}`,
          );
        }
        try {
          const response = await fetch(
            `${url}/.backstage/health/v1/readiness`,
            { signal: AbortSignal.timeout(5000) },
          );
          return response.status === 200 ? true : undefined;
        } catch {
          return undefined;
        }
      },
      tail,
    );
  } catch (error) {
    signalGroup('SIGKILL');
    throw error;
  }
  return portal;
}

export { poll };
