import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';

/**
 * Runs the command and ends it when our process goes, however it goes: the
 * shell waits on a pipe from us, which closes when we exit or are killed, so a
 * jest run stopped with Ctrl-C leaves no API server behind.
 */
const watchdog = [
  '-c',
  'exec 3<&0; "$@" </dev/null & child=$!; (read -r _ <&3; kill -TERM $child 2>/dev/null; sleep 5; kill -KILL $child 2>/dev/null) & wait $child',
  'component',
];

/** One process of the control plane, logging to a file. */
export class Component {
  private readonly child: ChildProcess;
  private exitCode: number | null | undefined;
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    binary: string,
    args: string[],
    readonly logFile: string,
    env: Record<string, string> = {},
  ) {
    const log = createWriteStream(logFile, { flags: 'a' });
    this.child = spawn('bash', [...watchdog, binary, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    this.child.stdout!.pipe(log);
    this.child.stderr!.pipe(log);
    this.exited = new Promise(resolve =>
      this.child.on('exit', code => {
        this.exitCode = code;
        resolve(code);
      }),
    );
  }

  get running() {
    return this.exitCode === undefined;
  }

  /** The last lines of its log, for error messages. */
  tail(lines = 15): string {
    try {
      return readFileSync(this.logFile, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '';
    }
  }

  /** An error that says it stopped, with the end of its log. */
  failure(what: string): Error {
    return new Error(
      `${this.name} ${what} (log ${this.logFile}):\n${this.tail()}`,
    );
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.stdin!.end();
    await this.exited;
  }
}
