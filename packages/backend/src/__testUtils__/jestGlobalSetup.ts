import sandboxSetup, {
  teardown as sandboxTeardown,
} from '@internal/mesh-sandbox/src/testing/jestGlobalSetup';
import { findPostgres, startTestPostgres, TestPostgres } from './postgres';
import {
  postgresConnectionVariable,
  postgresSkippedVariable,
  postgresTestDatabaseIds,
} from './testDatabases';

const key = Symbol.for('backend.testPostgres');

/**
 * Jest global setup of packages/backend: the local cluster's broker (see
 * packages/mesh-sandbox) and a throwaway PostgreSQL server of the run's own
 * (Debian's binaries, a temporary folder, a free port on 127.0.0.1), whose
 * address TestDatabases finds in BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING.
 * An address already given in such a variable is used instead; without any
 * postgres binary the PostgreSQL tests are skipped with that reason.
 */
export default async function setup() {
  await sandboxSetup();
  if ((globalThis as any)[key] || postgresTestDatabaseIds().length > 0) return;
  const binaries = findPostgres();
  if (!binaries) {
    process.env[postgresSkippedVariable] =
      "no postgres binary on the PATH or in /usr/lib/postgresql/*/bin (./dev test installs Debian's postgresql)";
    return;
  }
  const started = Date.now();
  const server = await startTestPostgres(binaries);
  (globalThis as any)[key] = server;
  process.env[postgresConnectionVariable(server.major)] =
    server.connectionString;
  process.stderr.write(
    `[postgres] PostgreSQL ${server.major} for the backend tests on ${
      server.host
    }:${server.port} (${Date.now() - started} ms)\n`,
  );
}

export async function teardown() {
  const server = (globalThis as any)[key] as TestPostgres | undefined;
  if (server) {
    delete (globalThis as any)[key];
    delete process.env[postgresConnectionVariable(server.major)];
    await server.stop();
  }
  await sandboxTeardown();
}
