import { TestDatabaseId } from '@backstage/backend-test-utils';

/** The PostgreSQL versions TestDatabases knows, newest first. */
const postgresIds: TestDatabaseId[] = [
  'POSTGRES_18',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
  'POSTGRES_14',
  'POSTGRES_13',
];

/** The variable TestDatabases reads for a PostgreSQL version's server. */
export const postgresConnectionVariable = (major: number) =>
  `BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING`;

/** Set by the jest global setup when it could not start PostgreSQL: why. */
export const postgresSkippedVariable = 'PORTAL_TEST_POSTGRES_SKIPPED';

/** The PostgreSQL ids that have a server (the one jestGlobalSetup started, or one given by the environment). */
export function postgresTestDatabaseIds(): TestDatabaseId[] {
  return postgresIds.filter(
    id => process.env[postgresConnectionVariable(Number(id.split('_')[1]))],
  );
}

let warned = false;

/**
 * The databases a backend test runs on: PostgreSQL (the production
 * configuration) and SQLite (the embedded default of `yarn start`).
 * PostgreSQL is left out, with the reason printed, only when the global setup
 * found no postgres binary.
 */
export function backendTestDatabaseIds(): TestDatabaseId[] {
  const postgres = postgresTestDatabaseIds();
  if (postgres.length === 0 && !warned) {
    warned = true;
    // eslint-disable-next-line no-console
    console.warn(
      `PostgreSQL tests skipped: ${
        process.env[postgresSkippedVariable] ??
        'no PostgreSQL server was started (run the tests through the backend package, whose jest global setup starts one)'
      }`,
    );
  }
  return [...postgres, 'SQLITE_3'];
}
