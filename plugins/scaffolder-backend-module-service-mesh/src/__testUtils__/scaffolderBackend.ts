import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { sandboxKubernetesConfig } from '@internal/mesh-sandbox';
import catalogModuleServiceMesh from '@service-mesh/plugin-catalog-backend-module-service-mesh';
import { loadYaml } from '@kubernetes/client-node';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { scaffolderModuleServiceMesh } from '../module';
import { templatesDir } from '../templates/installedActions';
import { TestCluster } from './testCluster';

export const guest = mockCredentials.user.header('user:default/guest');

export interface TaskRun {
  status: string;
  log: string;
  output: any;
}

/** Polls until `check` is true, for at most `timeoutMs` (a minute). */
export async function until(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

/**
 * The real scaffolder and catalog, with both service mesh modules, serving
 * the repository's templates against a sandbox cluster, as the portal does.
 */
export async function startScaffolderBackend(cluster: TestCluster) {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleTemplateKind,
      catalogModuleServiceMesh,
      scaffolderPlugin,
      scaffolderModuleServiceMesh,
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          kubernetes: sandboxKubernetesConfig(cluster.sandbox),
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'Resource',
                  'Location',
                  'Template',
                  'User',
                  'Group',
                ],
              },
            ],
            processingInterval: { seconds: 1 },
            locations: [
              {
                type: 'file',
                target: path.join(templatesDir, '*', 'template.yaml'),
              },
              {
                type: 'file',
                target: path.join(templatesDir, '..', 'catalog', 'org.yaml'),
              },
            ],
          },
        },
      }),
    ],
  });
  const server = backend.server;
  await until(
    async () =>
      (
        await request(server)
          .get(
            '/api/catalog/entities/by-name/template/default/sockshop-mesh-teardown',
          )
          .set('Authorization', guest)
      ).status === 200 &&
      (
        await request(server)
          .get('/api/catalog/entities/by-name/user/default/guest')
          .set('Authorization', guest)
      ).status === 200,
    'the templates and the guest user in the catalog',
  );

  /** Runs a template of the catalog as the guest and answers its status, log and output. */
  async function runTemplate(
    name: string,
    values: Record<string, unknown>,
  ): Promise<TaskRun> {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', guest)
      .send({ templateRef: `template:default/${name}`, values });
    if (created.status !== 201) {
      throw new Error(
        `task of ${name} not created: ${created.status} ${JSON.stringify(
          created.body,
        )}`,
      );
    }
    const id = created.body.id;
    let task: any;
    await until(
      async () => {
        task = (
          await request(server)
            .get(`/api/scaffolder/v2/tasks/${id}`)
            .set('Authorization', guest)
        ).body;
        return ['completed', 'failed', 'cancelled'].includes(task.status);
        // a whole template waits for rollouts: minutes on a busy machine
      },
      `task ${name}`,
      240_000,
    );
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${id}/events`)
      .set('Authorization', guest);
    const log = events.body
      .filter((e: any) => e.type === 'log')
      .map((e: any) => e.body.message)
      .join('\n');
    const completion = events.body.find((e: any) => e.type === 'completion');
    return { status: task.status, log, output: completion?.body.output };
  }

  /** A dry run of a template folder with the workspace its fetch:plain would leave. */
  async function dryRun(name: string, values: Record<string, unknown>) {
    const folder = path.join(templatesDir, name);
    const template = loadYaml<any>(
      fs.readFileSync(path.join(folder, 'template.yaml'), 'utf8'),
    );
    const manifests = fs.readdirSync(path.join(folder, 'sockshop'));
    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', guest)
      .send({
        template,
        values,
        directoryContents: manifests.map(file => ({
          path: `sockshop/${file}`,
          base64Content: fs
            .readFileSync(path.join(folder, 'sockshop', file))
            .toString('base64'),
        })),
      });
    return {
      status: response.status,
      body: response.body,
      log: (response.body.log ?? []).map((l: any) => l.body.message).join('\n'),
    };
  }

  async function catalogEntity(ref: string): Promise<Entity | undefined> {
    const [kind, rest] = ref.split(':');
    const response = await request(server)
      .get(`/api/catalog/entities/by-name/${kind}/${rest}`)
      .set('Authorization', guest);
    return response.status === 200 ? response.body : undefined;
  }

  return {
    runTemplate,
    dryRun,
    catalogEntity,
    stop: () => backend.stop(),
  };
}
