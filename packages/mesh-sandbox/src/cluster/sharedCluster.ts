import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ClusterConnection,
  LocalCluster,
  startLocalCluster,
} from './localCluster';

/** Set by the jest global setup: where a test worker leases the run's one cluster. */
export const brokerEnvironmentVariable = 'MESH_SANDBOX_BROKER';

export interface ClusterLease {
  connection: ClusterConnection;
  /** False when an earlier sandbox used the cluster: it must be reset first. */
  fresh: boolean;
  release(): void;
}

/**
 * Owns one local cluster for a whole jest run, started on the first lease and
 * lent to one sandbox at a time. A lease is an open HTTP response: when the
 * worker releases it, or dies holding it, the connection closes and the next
 * waiting sandbox gets the cluster.
 */
export class ClusterBroker {
  private cluster: Promise<LocalCluster> | undefined;
  private busy = false;
  private leases = 0;
  private readonly waiting: (() => void)[] = [];
  private server: Server | undefined;

  constructor(private readonly log: (line: string) => void) {}

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

  private async lend(
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ) {
    let released = false;
    let holding = false;
    const release = () => {
      if (released) return;
      released = true;
      if (!holding) return;
      this.busy = false;
      this.waiting.shift()?.();
    };
    req.socket.on('close', release);
    try {
      this.cluster ??= startLocalCluster({ log: this.log });
      const cluster = await this.cluster;
      if (this.busy)
        await new Promise<void>(resolve => this.waiting.push(resolve));
      if (released) {
        this.waiting.shift()?.();
        return;
      }
      this.busy = true;
      holding = true;
      const fresh = this.leases === 0;
      this.leases += 1;
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
    if (this.cluster) await (await this.cluster.catch(() => undefined))?.stop();
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
