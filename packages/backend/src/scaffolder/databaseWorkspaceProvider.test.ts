import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backendTestDatabaseIds } from '../__testUtils__/testDatabases';
import {
  DatabaseWorkspaceProvider,
  workspacesTable,
} from './databaseWorkspaceProvider';

const databases = TestDatabases.create({ ids: backendTestDatabaseIds() });

/** Every file under a folder, by relative path, with its contents. */
function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), {
      withFileTypes: true,
    })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else files[rel] = fs.readFileSync(path.join(dir, rel), 'utf8');
    }
  };
  walk('');
  return files;
}

describe.each(databases.eachSupportedId())(
  'the database workspace provider on %s',
  databaseId => {
    let tmp: string;
    beforeEach(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'workspace-test-'));
    });
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    async function provider(maxWorkspaceBytes?: number) {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({ knex });
      return {
        knex,
        provider: await DatabaseWorkspaceProvider.create({
          database,
          logger: mockServices.logger.mock(),
          maxWorkspaceBytes,
        }),
        // a second backend process on the same database
        again: () =>
          DatabaseWorkspaceProvider.create({
            database,
            logger: mockServices.logger.mock(),
          }),
      };
    }

    it('gives a task back the files of its last serialized workspace, in a new process', async () => {
      const { provider: first, again } = await provider();
      const workspace = path.join(tmp, 'task-1');
      fs.mkdirSync(path.join(workspace, 'sockshop'), { recursive: true });
      fs.writeFileSync(path.join(workspace, 'sockshop', 'a.yaml'), 'kind: A\n');
      await first.serializeWorkspace({ path: workspace, taskId: 'task-1' });
      fs.writeFileSync(path.join(workspace, 'sockshop', 'b.yaml'), 'kind: B\n');
      await first.serializeWorkspace({ path: workspace, taskId: 'task-1' });

      const second = await again();
      const restored = path.join(tmp, 'restored', 'task-1');
      await second.rehydrateWorkspace({
        taskId: 'task-1',
        targetPath: restored,
      });
      expect(filesOf(restored)).toEqual({
        'sockshop/a.yaml': 'kind: A\n',
        'sockshop/b.yaml': 'kind: B\n',
      });
    });

    it('restores nothing for a task it has no workspace of, and forgets a cleaned one', async () => {
      const { provider: p, knex } = await provider();
      const workspace = path.join(tmp, 'task-2');
      fs.mkdirSync(workspace);
      fs.writeFileSync(path.join(workspace, 'x.txt'), 'x');
      await p.serializeWorkspace({ path: workspace, taskId: 'task-2' });
      expect(
        await knex(workspacesTable).where({ task_id: 'task-2' }),
      ).toHaveLength(1);
      await p.cleanWorkspace({ taskId: 'task-2' });
      expect(await knex(workspacesTable).where({ task_id: 'task-2' })).toEqual(
        [],
      );

      const target = path.join(tmp, 'none');
      await p.rehydrateWorkspace({ taskId: 'task-2', targetPath: target });
      expect(fs.existsSync(target)).toBe(false);
    });

    it('refuses a workspace larger than its limit, naming the limit', async () => {
      const { provider: p } = await provider(1024);
      const workspace = path.join(tmp, 'task-3');
      fs.mkdirSync(workspace);
      fs.writeFileSync(path.join(workspace, 'big.bin'), Buffer.alloc(4096, 1));
      await expect(
        p.serializeWorkspace({ path: workspace, taskId: 'task-3' }),
      ).rejects.toThrow(/more than the 1024 the database workspace provider/);
    });
  },
);
