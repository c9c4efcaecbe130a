import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ClusterConnection,
  LocalCluster,
  startLocalCluster,
} from './localCluster';

/** Set by the jest global setup: where a test worker leases one of the run's clusters. */
export const brokerEnvironmentVariable = 'MESH_SANDBOX_BROKER';

export interface ClusterLease {
  connection: ClusterConnection;
  /** False when an earlier sandbox used the cluster: it must be reset first. */
  fresh: boolean;
  release(): void;
}

/** One cluster of the pool, and whether a sandbox holds it. */
interface PooledCluster {
  cluster: Promise<LocalCluster>;
  busy: boolean;
  leases: number;
}

/** As many clusters as jest runs test files at once (the Backstage CLI runs 2 workers on small machines). */
const defaultPoolSize = () =>
  Math.max(1, Number(process.env.MESH_SANDBOX_CLUSTERS ?? 2));

/**
 * Owns the local clusters of a whole jest run, each started on the first lease
 * that finds the others busy (at most one per jest worker) and lent to one
 * sandbox at a time, so no test file waits for another's. A lease is an open
 * HTTP response: when the worker releases it, or dies holding it, the
 * connection closes and the next waiting sandbox gets the cluster.
 */
export class ClusterBroker {
  private readonly pool: PooledCluster[] = [];
  private readonly waiting: (() => void)[] = [];
  private server: Server | undefined;

  constructor(
    private readonly log: (line: string) => void,
    private readonly size = defaultPoolSize(),
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      if (req.url !== '/lease') {
        res.writeHead(404).end();
        return;
      }
      void this.lend(req, res);
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', () => resolve()),
    );
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A free cluster of the pool, a new one while the pool has room, else undefined. */
  private take(): PooledCluster | undefined {
    let entry = this.pool.find(c => !c.busy);
    if (!entry && this.pool.length < this.size) {
      entry = {
        cluster: startLocalCluster({ log: this.log }),
        busy: false,
        leases: 0,
      };
      this.pool.push(entry);
    }
    if (entry) entry.busy = true;
    return entry;
  }

  private async lend(
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ) {
    let released = false;
    let held: PooledCluster | undefined;
    const release = () => {
      if (released) return;
      released = true;
      if (!held) return;
      held.busy = false;
      this.waiting.shift()?.();
    };
    req.socket.on('close', release);
    try {
      held = this.take();
      while (!held && !released) {
        await new Promise<void>(resolve => this.waiting.push(resolve));
        held = this.take();
      }
      if (released) {
        if (held) held.busy = false;
        this.waiting.shift()?.();
        return;
      }
      const entry = held!;
      const cluster = await entry.cluster;
      const fresh = entry.leases === 0;
      entry.leases += 1;
      const { url, certificate, tokens, version, conversionUrl } = cluster;
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      res.write(
        `${JSON.stringify({
          connection: { url, certificate, tokens, version, conversionUrl },
          fresh,
        })}\n`,
      );
    } catch (error) {
      res.writeHead(500).end(String((error as Error).message));
    }
  }

  async stop() {
    await new Promise<void>(resolve => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
    await Promise.all(
      this.pool.map(async entry =>
        (await entry.cluster.catch(() => undefined))?.stop(),
      ),
    );
  }
}

/** Leases the jest run's cluster when a broker runs (the global setup), else undefined. */
export function leaseSharedCluster(): Promise<ClusterLease> | undefined {
  const broker = process.env[brokerEnvironmentVariable];
  if (!broker) return undefined;
  return leaseFrom(broker);
}
leaseSharedCluster.available = () =>
  Boolean(process.env[brokerEnvironmentVariable]);

function leaseFrom(broker: string): Promise<ClusterLease> {
  return new Promise((resolve, reject) => {
    const req = request(`${broker}/lease`, res => {
      let buffered = '';
      res.setEncoding('utf8');
      const onData = (chunk: string) => {
        buffered += chunk;
        const newline = buffered.indexOf('\n');
        if (newline < 0) return;
        res.off('data', onData);
        if (res.statusCode !== 200) {
          reject(
            new Error(`the local cluster could not be started: ${buffered}`),
          );
          return;
        }
        const { connection, fresh } = JSON.parse(buffered.slice(0, newline));
        resolve({
          connection,
          fresh,
          release: () => {
            req.destroy();
            res.destroy();
          },
        });
      };
      res.on('data', onData);
      res.on('end', () => {
        if (res.statusCode !== 200)
          reject(
            new Error(`the local cluster could not be started: ${buffered}`),
          );
      });
    });
    req.on('error', reject);
    req.end();
  });
}
