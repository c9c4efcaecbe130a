import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { loadYaml } from '@kubernetes/client-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runGuide } from '../__testUtils__/guide';
import { runAction } from '../__testUtils__/runAction';
import {
  startTestCluster,
  storedState,
  TestCluster,
} from '../__testUtils__/testCluster';
import { templatesDir } from '../templates/installedActions';
import { createServiceMeshActions } from '.';

/**
 * Every example of the installed-actions page, run as a dry run against a
 * cluster where user1 has done the guide: each one is accepted by its action,
 * says what it would do, and writes nothing.
 */
// a dry run of every example against the sandbox: minutes on a busy machine
jest.setTimeout(180_000);

describe('every action example, run', () => {
  let cluster: TestCluster;
  let workspace: string;
  const catalog = catalogServiceMock.mock({
    getLocations: jest.fn(async () => ({ items: [] })),
    addLocation: jest.fn(async (request: any) => ({
      location: {
        id: 'l',
        type: request.type,
        target: request.target,
        entityRef: 'location:default/l',
      },
      entities: [],
      exists: false,
    })),
  });

  beforeAll(async () => {
    cluster = await startTestCluster();
    await runGuide(cluster.config);
    await cluster.sandbox.settle();
    // the workspace fetch:plain would leave: the SockShop manifests in both example folders
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-'));
    const manifests = path.join(
      templatesDir,
      'sockshop-service-mesh',
      'sockshop',
    );
    for (const folder of ['sockshop', 'manifests/sockshop']) {
      fs.cpSync(manifests, path.join(workspace, folder), { recursive: true });
    }
  });
  afterAll(async () => {
    await cluster.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  const rows = () =>
    createServiceMeshActions({ ...cluster, catalog }).flatMap(action =>
      (action.examples ?? []).map((example, index) => ({
        action,
        example,
        index,
      })),
    );

  it('runs each example of each action as a dry run', async () => {
    const examples = rows();
    // at least one per action (examples.test.ts checks each has some)
    expect(examples.length).toBeGreaterThanOrEqual(12);
    const failures: string[] = [];
    for (const { action, example, index } of examples) {
      const [step] = loadYaml<any>(example.example).steps;
      const before = await storedState(cluster.sandbox);
      try {
        const run = await runAction(action, step.input, {
          dryRun: true,
          workspacePath: workspace,
          user: { ref: 'user:default/guest' },
        });
        if (run.lines.length === 0) {
          failures.push(`${action.id} example ${index}: logged nothing`);
        }
      } catch (error) {
        failures.push(
          `${action.id} example ${index}: ${(error as Error).message}`,
        );
      }
      // dry-run requests are writes with dryRun=All: what counts is what is stored
      if (
        JSON.stringify(await storedState(cluster.sandbox)) !==
        JSON.stringify(before)
      ) {
        failures.push(`${action.id} example ${index}: wrote to the cluster`);
      }
    }
    expect(failures).toEqual([]);
    expect(catalog.removeLocationById).not.toHaveBeenCalled();
  });
});
