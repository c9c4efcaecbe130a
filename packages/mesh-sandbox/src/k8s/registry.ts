import { builtinResources } from './builtinResources';
import { resourceTypeFromCrd } from './crdResources';
import { ObjectStore } from './store';
import { ResourceType } from './types';

const crdType = builtinResources.find(
  t => t.plural === 'customresourcedefinitions',
)!;

/**
 * The kinds the API server serves now: the built-in ones, plus one per
 * CustomResourceDefinition that exists (delete the CRD and its kind is gone).
 */
export class ResourceRegistry {
  private custom: ResourceType[] = [];

  constructor(private readonly store: ObjectStore) {
    this.refresh();
    store.subscribe(event => {
      if (event.resource === crdType) this.refresh();
    });
  }

  static get crdResource(): ResourceType {
    return crdType;
  }

  all(): ResourceType[] {
    return [...builtinResources, ...this.custom];
  }

  /** The kind served at group/version under a plural, if any. */
  find(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    return this.all().find(
      t =>
        t.group === group &&
        t.plural === plural &&
        t.versions.includes(version),
    );
  }

  /** The kind for an apiVersion + kind pair, if that version is served. */
  findByKind(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes('/')
      ? apiVersion.split('/')
      : ['', apiVersion];
    return this.all().find(
      t => t.group === group && t.kind === kind && t.versions.includes(version),
    );
  }

  /** A kind by group and plural, whatever version (for controllers). */
  byPlural(group: string, plural: string): ResourceType {
    const type = this.all().find(t => t.group === group && t.plural === plural);
    if (!type) throw new Error(`${plural}.${group} is not served`);
    return type;
  }

  maybeByPlural(group: string, plural: string): ResourceType | undefined {
    return this.all().find(t => t.group === group && t.plural === plural);
  }

  /** Groups and their served versions, preferred first. */
  groups(): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const type of this.all()) {
      if (!type.group) continue;
      const versions = groups.get(type.group) ?? [];
      for (const version of type.versions) {
        if (!versions.includes(version)) versions.push(version);
      }
      groups.set(type.group, versions);
    }
    return groups;
  }

  private refresh() {
    this.custom = this.store
      .list(crdType)
      .map(resourceTypeFromCrd)
      .filter((t): t is ResourceType => Boolean(t));
  }
}
