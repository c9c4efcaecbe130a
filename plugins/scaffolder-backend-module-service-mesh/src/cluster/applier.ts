import { LoggerService } from '@backstage/backend-plugin-api';
import { objectChanges } from './changes';
import { isMissingKind } from './errors';
import { kindOf } from './kinds';
import { KubeObject, MeshCluster } from './meshCluster';

export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

export interface ApplyResult {
  outcome: ApplyOutcome;
  object: KubeObject;
}

const describe = (object: KubeObject) =>
  `${kindOf(object).kind} ${
    object.metadata.namespace ? `${object.metadata.namespace}/` : ''
  }${object.metadata.name}`;

/**
 * Applies objects one after another and logs, per object, whether it was (or
 * in a dry run would be) created, configured or left unchanged.
 */
export class Applier {
  constructor(
    private readonly cluster: MeshCluster,
    private readonly logger: LoggerService,
    readonly dryRun: boolean,
  ) {}

  async apply(object: KubeObject): Promise<ApplyResult> {
    const kind = { ...kindOf(object), apiVersion: object.apiVersion };
    const live = await this.cluster.read(
      kind,
      object.metadata.name,
      object.metadata.namespace,
    );
    let result: KubeObject;
    try {
      result = await this.cluster.apply(object, this.dryRun);
    } catch (error) {
      // in a dry run the namespace this run would create does not exist yet
      if (this.dryRun && !live && isNamespaceMissing(error)) {
        this.logger.info(
          `${describe(
            object,
          )}: would be created (its namespace is created by this run)`,
        );
        return { outcome: 'created', object };
      }
      throw error;
    }
    let outcome: ApplyOutcome = 'created';
    if (live) {
      outcome =
        objectChanges(live, result).length > 0 ? 'configured' : 'unchanged';
    }
    this.logger.info(this.sentence(object, outcome, live, result));
    return { outcome, object: result };
  }

  async applyAll(objects: KubeObject[]): Promise<ApplyResult[]> {
    const results: ApplyResult[] = [];
    for (const object of objects) results.push(await this.apply(object));
    return results;
  }

  private sentence(
    object: KubeObject,
    outcome: ApplyOutcome,
    live: KubeObject | undefined,
    result: KubeObject,
  ): string {
    const name = describe(object);
    if (outcome === 'unchanged') return `${name}: unchanged`;
    const changes = live ? ` (${objectChanges(live, result).join(', ')})` : '';
    return this.dryRun
      ? `${name}: would be ${outcome}${changes}`
      : `${name}: ${outcome}${changes}`;
  }
}

function isNamespaceMissing(error: unknown): boolean {
  return (error as any)?.code === 404 && !isMissingKind(error);
}
