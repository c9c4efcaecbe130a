import { TestDatabases } from '@backstage/backend-test-utils';
import { Sandbox, sandboxKubernetesConfig } from '@internal/mesh-sandbox';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { freePort } from './postgres';

/** A database connection of TestDatabases: the server's admin. */
type AdminConnection = Awaited<ReturnType<TestDatabases['init']>>;

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

/** What startPortalProcess takes: a port, the config files, the database's environment and a log file. */
export interface PortalConfig {
  port: number;
  logFile: string;
  configFiles: string[];
  env: Record<string, string>;
}

/**
 * The configs of portal processes on one PostgreSQL server: each the
 * repository's app-config.yaml and app-config.production.yaml, with its own
 * port, database prefix and working directory, against a local cluster.
 * `dropAll` removes their databases and files.
 */
export class PortalConfigs {
  readonly tmp: string;
  private readonly prefixes: string[] = [];

  constructor(private readonly admin: AdminConnection, label: string) {
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
  }

  /**
   * One portal's config. `cluster` adds to the sandbox's entry of
   * `serviceMesh.clusters` (its Kiali is always there), `serviceMesh` to the
   * rest of the plugin's config.
   */
  async portalConfig(
    sandbox: Sandbox,
    name: string,
    extra: { cluster?: object; serviceMesh?: object } = {},
  ): Promise<PortalConfig> {
    const port = await freePort();
    const disk = path.join(this.tmp, `${name}-pod`);
    fs.mkdirSync(disk);
    const prefix = `${name}_${randomBytes(4).toString('hex')}_`;
    this.prefixes.push(prefix);
    const connection = this.admin.client.config.connection;
    const base = YAML.parse(
      fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
    );
    const overlay = {
      app: { baseUrl: `http://localhost:${port}` },
      backend: {
        baseUrl: `http://localhost:${port}`,
        // a string, as app-config.production.yaml has it
        listen: `:${port}`,
        database: { prefix },
        // the scaffolder's task folders: this pod's disk
        workingDirectory: disk,
      },
      // app-config.production.yaml's paths are those of a deployed image
      catalog: { locations: base.catalog.locations },
      kubernetes: sandboxKubernetesConfig(sandbox),
      serviceMesh: {
        ...extra.serviceMesh,
        clusters: [
          {
            name: 'local',
            kiali: {
              url: `${sandbox.url}/kiali`,
              strategy: 'openshift',
              token: sandbox.tokens.write,
              caData: Buffer.from(sandbox.caCertificate).toString('base64'),
            },
            ...extra.cluster,
          },
        ],
      },
    };
    const overlayFile = path.join(this.tmp, `app-config.${name}.yaml`);
    fs.writeFileSync(overlayFile, YAML.stringify(overlay));
    return {
      port,
      logFile: path.join(this.tmp, `${name}.log`),
      configFiles: [
        path.join(repoRoot, 'app-config.yaml'),
        path.join(repoRoot, 'app-config.production.yaml'),
        overlayFile,
      ],
      env: {
        POSTGRES_HOST: String(connection.host),
        POSTGRES_PORT: String(connection.port),
        POSTGRES_USER: String(connection.user),
        POSTGRES_PASSWORD: String(connection.password),
        SANDBOX_PORTAL_TOKEN: sandbox.tokens.write,
      },
    };
  }

  async dropAll() {
    for (const prefix of this.prefixes) {
      const { rows } = await this.admin.raw(
        'select datname from pg_database where datname like ?',
        [`${prefix}%`],
      );
      for (const { datname } of rows) {
        await this.admin.raw('drop database if exists ?? with (force)', [
          datname,
        ]);
      }
    }
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}
