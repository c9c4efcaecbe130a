import { clusterBinaries } from '../cluster/binaries';
import {
  ClusterBroker,
  brokerEnvironmentVariable,
} from '../cluster/sharedCluster';

const key = Symbol.for('mesh-sandbox.clusterBroker');
type Holder = { broker: ClusterBroker; projects: number };

/**
 * Jest global setup for packages whose tests use the local cluster: one broker
 * for the whole run (every project shares it), which starts the cluster on the
 * first test that asks for one; workers inherit its address.
 */
export default async function setup() {
  const holder = (globalThis as any)[key] as Holder | undefined;
  if (holder) {
    holder.projects += 1;
    return;
  }
  const log = (line: string) =>
    process.stderr.write(`[local cluster] ${line}\n`);
  // A first build takes minutes: here, not inside a test's timeout.
  await clusterBinaries(log);
  const broker = new ClusterBroker(log);
  process.env[brokerEnvironmentVariable] = await broker.start();
  (globalThis as any)[key] = { broker, projects: 1 } satisfies Holder;
}

export async function teardown() {
  const holder = (globalThis as any)[key] as Holder | undefined;
  if (!holder) return;
  holder.projects -= 1;
  if (holder.projects > 0) return;
  delete (globalThis as any)[key];
  delete process.env[brokerEnvironmentVariable];
  await holder.broker.stop();
}
