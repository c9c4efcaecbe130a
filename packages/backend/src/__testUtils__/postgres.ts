import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Where a PostgreSQL server's binaries are and which major version they are. */
export interface PostgresBinaries {
  bindir: string;
  major: number;
}

/** A throwaway PostgreSQL server of the tests' own. */
export interface TestPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
  major: number;
  /** postgresql://user:password@127.0.0.1:port/postgres */
  connectionString: string;
  /** Fast shutdown, then the data folder is removed. */
  stop(): Promise<void>;
}

const isExecutable = (file: string) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * `postgres` and `initdb` from the PATH, else from Debian's
 * /usr/lib/postgresql/<major>/bin (the newest), which Debian's `postgresql`
 * package does not put on the PATH.
 */
export function findPostgres(): PostgresBinaries | undefined {
  const candidates = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean);
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    candidates.push(
      ...fs
        .readdirSync(debian)
        .filter(v => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map(v => path.join(debian, v, 'bin')),
    );
  }
  for (const dir of candidates) {
    const postgres = path.join(dir, 'postgres');
    if (!isExecutable(postgres) || !isExecutable(path.join(dir, 'initdb'))) {
      continue;
    }
    const bindir = path.dirname(fs.realpathSync(postgres));
    // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
    const version = execFileSync(path.join(bindir, 'postgres'), ['--version'], {
      encoding: 'utf8',
    });
    const major = Number(/\(PostgreSQL\)\s+(\d+)/.exec(version)?.[1]);
    if (major) return { bindir, major };
  }
  return undefined;
}

/**
 * PostgreSQL refuses to run as root: as root, the server runs as the `postgres`
 * account that Debian's package creates (else `nobody`).
 */
function serverAccount(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    return undefined;
  }
  const accounts = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map(line => line.split(':'));
  const account =
    accounts.find(a => a[0] === 'postgres') ??
    accounts.find(a => a[0] === 'nobody');
  if (!account) {
    throw new Error(
      'running as root, and neither a postgres nor a nobody account exists to run PostgreSQL as',
    );
  }
  return { uid: Number(account[2]), gid: Number(account[3]) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function chownTree(dir: string, account: { uid: number; gid: number }) {
  fs.chownSync(dir, account.uid, account.gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(file, account);
    else fs.chownSync(file, account.uid, account.gid);
  }
}

function run(
  command: string,
  args: string[],
  account: { uid: number; gid: number } | undefined,
  log: number,
): ChildProcess {
  return spawn(command, args, {
    stdio: ['ignore', log, log],
    env: { ...process.env, LC_ALL: 'C' },
    ...(account ?? {}),
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.exitCode);
    } else child.once('exit', code => resolve(code));
  });

const tail = (file: string) =>
  fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n')
    : '';

const dirPrefix = 'backend-test-pg-';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Servers whose test run died without its teardown (a jest killed by a
 * signal): stopped, their folders removed.
 */
function stopOrphans() {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(dirPrefix)) continue;
    const dir = path.join(os.tmpdir(), name);
    try {
      const owner = Number(
        fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8'),
      );
      if (!owner || alive(owner)) continue;
      const postmaster = path.join(dir, 'data', 'postmaster.pid');
      if (fs.existsSync(postmaster)) {
        const pid = Number(fs.readFileSync(postmaster, 'utf8').split('\n')[0]);
        if (pid && alive(pid)) process.kill(pid, 'SIGQUIT');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // another run's, in use, or already gone
    }
  }
}

/**
 * Starts a new PostgreSQL server in a folder of its own under the system's
 * temporary folder: `initdb`, then `postgres` on 127.0.0.1 and a free port,
 * its socket in that folder, tuned for tests (no fsync). It never touches a
 * system cluster or service.
 */
export async function startTestPostgres(
  binaries: PostgresBinaries,
  options: { timeoutMs?: number } = {},
): Promise<TestPostgres> {
  const account = serverAccount();
  stopOrphans();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), dirPrefix));
  fs.writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  const user = 'postgres';
  const password = randomBytes(18).toString('base64url');
  const passwordFile = path.join(dir, 'password');
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  const log = fs.openSync(logFile, 'a', 0o600);
  if (account) chownTree(dir, account);

  const initdb = run(
    path.join(binaries.bindir, 'initdb'),
    [
      '-D',
      data,
      '-U',
      user,
      `--pwfile=${passwordFile}`,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ],
    account,
    log,
  );
  const initCode = await exited(initdb);
  if (initCode !== 0) {
    fs.closeSync(log);
    const why = tail(logFile);
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb exited with code ${initCode}:\n${why}`);
  }

  const port = await freePort();
  const server = run(
    path.join(binaries.bindir, 'postgres'),
    [
      '-D',
      data,
      '-k',
      dir,
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=400',
    ],
    account,
    log,
  );
  fs.closeSync(log);

  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGINT'); // fast shutdown
      const timer = setTimeout(() => server.kill('SIGKILL'), 20_000);
      await exited(server);
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const host = '127.0.0.1';
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  // the postmaster logs this once it accepts connections on its port
  while (!tail(logFile).includes('ready to accept connections')) {
    if (server.exitCode !== null || server.signalCode !== null) {
      const why = tail(logFile);
      await stop();
      throw new Error(
        `postgres exited with code ${server.exitCode} before accepting connections:\n${why}`,
      );
    }
    if (Date.now() > deadline) {
      const why = tail(logFile);
      await stop();
      throw new Error(
        `postgres did not accept connections on ${host}:${port} within ${
          timeoutMs / 1000
        } s:\n${why}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }

  return {
    host,
    port,
    user,
    password,
    major: binaries.major,
    connectionString: `postgresql://${user}:${encodeURIComponent(
      password,
    )}@${host}:${port}/postgres`,
    stop,
  };
}
