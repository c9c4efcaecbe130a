import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import {
  restoreWorkspace,
  serializeWorkspace,
  WorkspaceProvider,
} from '@backstage/plugin-scaffolder-node/alpha';
import fs from 'node:fs';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/** The table, in the scaffolder's own database. */
export const workspacesTable = 'portal_task_workspaces';

/** Larger workspaces belong in an object store (see the backend README). */
export const defaultMaxWorkspaceBytes = 50 * 1024 * 1024;

/**
 * Keeps each running task's workspace (a tar of its folder, after every step)
 * in the scaffolder's database, so that a task recovered on another backend
 * process, or after a crash, finds the files its earlier steps fetched. The
 * scaffolder calls it when `scaffolder.taskRecovery.workspaceProvider` names it.
 */
export class DatabaseWorkspaceProvider implements WorkspaceProvider {
  static async create(options: {
    database: DatabaseService;
    logger: LoggerService;
    maxWorkspaceBytes?: number;
  }): Promise<DatabaseWorkspaceProvider> {
    const db = await options.database.getClient();
    if (!(await db.schema.hasTable(workspacesTable))) {
      try {
        await db.schema.createTable(workspacesTable, table => {
          table.string('task_id', 64).primary().comment('The scaffolder task');
          table
            .binary('contents')
            .notNullable()
            .comment('tar of the workspace');
          table.integer('size').notNullable();
          table
            .timestamp('updated_at', { useTz: false })
            .notNullable()
            .defaultTo(db.fn.now());
        });
      } catch (error) {
        // another replica, starting at the same time, made it first
        if (!(await db.schema.hasTable(workspacesTable))) throw error;
      }
    }
    return new DatabaseWorkspaceProvider(
      db,
      options.logger,
      options.maxWorkspaceBytes ?? defaultMaxWorkspaceBytes,
    );
  }

  private constructor(
    private readonly db: Knex,
    private readonly logger: LoggerService,
    private readonly maxWorkspaceBytes: number,
  ) {}

  async serializeWorkspace(options: {
    path: string;
    taskId: string;
  }): Promise<void> {
    // (the scaffolder's tar helper never settles on a folder that is gone)
    if (!fs.existsSync(options.path)) return;
    const { contents } = await serializeWorkspace({ path: options.path });
    if (contents.length > this.maxWorkspaceBytes) {
      throw new Error(
        `the workspace of task ${options.taskId} is ${contents.length} bytes, more than the ${this.maxWorkspaceBytes} the database workspace provider keeps; use an object-store workspace provider for such templates`,
      );
    }
    await this.db(workspacesTable)
      .insert({
        task_id: options.taskId,
        contents,
        size: contents.length,
        updated_at: this.db.fn.now(),
      })
      .onConflict('task_id')
      .merge(['contents', 'size', 'updated_at']);
  }

  async rehydrateWorkspace(options: {
    taskId: string;
    targetPath: string;
  }): Promise<void> {
    const row = await this.db(workspacesTable)
      .where({ task_id: options.taskId })
      .first('contents', 'size');
    if (!row) return;
    await fs.promises.mkdir(options.targetPath, { recursive: true });
    await restoreWorkspace({
      path: options.targetPath,
      buffer: Buffer.from(row.contents),
    });
    this.logger.info(
      `Restored the workspace of task ${options.taskId} (${row.size} bytes)`,
    );
  }

  async cleanWorkspace(options: { taskId: string }): Promise<void> {
    await this.db(workspacesTable).where({ task_id: options.taskId }).delete();
  }
}
