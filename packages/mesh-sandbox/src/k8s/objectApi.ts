import { randomBytes, randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import {
  alreadyExists,
  badRequest,
  conflict,
  invalid,
  notFound,
  unsupportedMediaType,
  ApiError,
} from './errors';
import { sameValue } from './fieldPaths';
import { applyJsonPatch } from './jsonPatch';
import { recordUpdate, serverSideApply } from './managedFields';
import { applyMergePatch, applyStrategicMergePatch } from './mergePatch';
import { ResourceRegistry } from './registry';
import {
  fieldSelectorMatcher,
  matchesLabels,
  parseLabelSelector,
} from './selectors';
import { ObjectStore } from './store';
import { K8sObject, ResourceType, groupVersion } from './types';
import { immutableCauses, validationCauses } from './validation';

export interface WriteOptions {
  dryRun?: boolean;
  /** Who makes the change (managedFields); defaults to the caller's user agent. */
  fieldManager?: string;
  /** The version the caller speaks, for managedFields; the preferred one if unset. */
  version?: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const patchTypes: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

/** A mutating admission step (sidecar injection): returns the object to store. */
export type MutatingHook = (request: AdmissionRequest) => K8sObject;
/** A validating admission step (Istio's webhook): throws ApiError to deny. */
export type ValidatingHook = (request: AdmissionRequest) => void;

export interface AdmissionRequest {
  type: ResourceType;
  operation: Operation;
  object: K8sObject;
  oldObject?: K8sObject;
  dryRun: boolean;
}

const timestamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** Everything but metadata and status: what bumps metadata.generation. */
const specOf = (object: K8sObject | undefined) => {
  if (!object) return undefined;
  const { metadata, status, apiVersion, kind, ...rest } = object;
  return rest;
};

/**
 * The API server's semantics over the store: validation, admission, optimistic
 * concurrency, patches, server-side apply, dry runs, the status subresource,
 * generation, and deletion with namespace and owner cascades. The HTTP layer and
 * the simulated operators both write through it.
 */
export class ObjectApi {
  private readonly mutating: MutatingHook[] = [];
  private readonly validating: ValidatingHook[] = [];

  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
  ) {}

  onMutate(hook: MutatingHook) {
    this.mutating.push(hook);
  }

  onValidate(hook: ValidatingHook) {
    this.validating.push(hook);
  }

  /** The kind by group and plural, e.g. ('apps', 'deployments'). */
  type(group: string, plural: string): ResourceType {
    return this.registry.byPlural(group, plural);
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): K8sObject {
    const found = this.store.get(type, namespace, name);
    if (!found) throw notFound(type, name);
    return this.present(type, found);
  }

  tryGet(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): K8sObject | undefined {
    const found = this.store.get(type, namespace, name);
    return found ? this.present(type, found) : undefined;
  }

  list(
    type: ResourceType,
    namespace?: string,
    options: ListOptions = {},
  ): K8sObject[] {
    const labels = parseLabelSelector(options.labelSelector);
    const fields = fieldSelectorMatcher(options.fieldSelector);
    return this.store
      .list(type, namespace)
      .filter(o => matchesLabels(labels, o.metadata.labels) && fields(o))
      .map(o => this.present(type, o));
  }

  create(
    type: ResourceType,
    namespace: string | undefined,
    body: K8sObject,
    options: WriteOptions = {},
  ): K8sObject {
    const object = this.normalize(type, namespace, body);
    if (!object.metadata.name && object.metadata.generateName) {
      object.metadata.name = `${object.metadata.generateName}${randomBytes(3)
        .toString('hex')
        .slice(0, 5)}`;
    }
    this.requireNamespace(type, object.metadata.namespace);
    this.checkValid(type, object);
    if (
      this.store.get(type, object.metadata.namespace, object.metadata.name!)
    ) {
      throw alreadyExists(type, object.metadata.name!);
    }
    object.metadata.uid = randomUUID();
    object.metadata.creationTimestamp = timestamp();
    object.metadata.generation = 1;
    if (type.hasStatus && type.crdName) delete object.status;
    const admitted = this.admit(type, 'CREATE', object, undefined, options);
    admitted.metadata.managedFields = recordUpdate(
      undefined,
      admitted,
      this.manager(options),
      this.apiVersionOf(type, options),
    );
    return this.commit(type, undefined, admitted, options);
  }

  /** PUT: replaces the object; a stale resourceVersion is a 409 Conflict. */
  replace(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: K8sObject,
    options: WriteOptions = {},
    subresource?: 'status',
  ): K8sObject {
    const live = this.store.get(type, namespace, name);
    if (!live) throw notFound(type, name);
    const object = this.normalize(type, namespace, body);
    if (object.metadata.name && object.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    object.metadata.name = name;
    const wanted = object.metadata.resourceVersion;
    if (wanted && wanted !== live.metadata.resourceVersion)
      throw conflict(type, name);
    return this.writeOver(type, live, object, options, subresource);
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    options: WriteOptions & { force?: boolean } = {},
    subresource?: 'status',
  ): K8sObject {
    const live = this.store.get(type, namespace, name);
    if (patchType === 'apply') {
      return this.apply(
        type,
        namespace,
        name,
        patch,
        live,
        options,
        subresource,
      );
    }
    if (!live) throw notFound(type, name);
    const current = this.present(type, live);
    let next: K8sObject;
    if (patchType === 'json') next = applyJsonPatch(current, patch);
    else if (patchType === 'merge') next = applyMergePatch(current, patch);
    else {
      if (type.crdName)
        throw unsupportedMediaType('application/strategic-merge-patch+json');
      next = applyStrategicMergePatch(current, patch);
    }
    const object = this.normalize(type, namespace, next);
    object.metadata.name = name;
    const wanted = object.metadata.resourceVersion;
    if (wanted && wanted !== live.metadata.resourceVersion)
      throw conflict(type, name);
    return this.writeOver(type, live, object, options, subresource);
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: WriteOptions = {},
  ): K8sObject {
    const live = this.store.get(type, namespace, name);
    if (!live) throw notFound(type, name);
    for (const hook of this.validating) {
      hook({
        type,
        operation: 'DELETE',
        object: live,
        oldObject: live,
        dryRun: Boolean(options.dryRun),
      });
    }
    if (options.dryRun) return this.present(type, live);
    const removed = this.store.remove(type, namespace, name)!;
    this.cascade(type, removed);
    return this.present(type, removed);
  }

  /** Sets a status with the status subresource's rules (controllers use it). */
  updateStatus(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    status: unknown,
    manager: string,
  ): K8sObject | undefined {
    const live = this.store.get(type, namespace, name);
    if (!live || sameValue(live.status, status))
      return live && this.present(type, live);
    return this.writeOver(
      type,
      live,
      { ...structuredClone(live), status: structuredClone(status) },
      { fieldManager: manager },
      'status',
    );
  }

  private apply(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    live: K8sObject | undefined,
    options: WriteOptions & { force?: boolean },
    subresource?: 'status',
  ): K8sObject {
    const config = (
      typeof patch === 'string' ? parseYaml(patch) : patch
    ) as K8sObject;
    if (!config || typeof config !== 'object' || Array.isArray(config)) {
      throw badRequest(
        'error decoding YAML: the apply configuration must be an object',
      );
    }
    if (!options.fieldManager) {
      throw badRequest('PATCH, fieldManager is required for apply requests');
    }
    if (!config.apiVersion || !config.kind) {
      throw badRequest(
        'invalid object type: apiVersion and kind must be set in an apply configuration',
      );
    }
    if (config.kind !== type.kind) {
      throw badRequest(
        `the kind of the applied object (${config.kind}) does not match the URL (${type.kind})`,
      );
    }
    config.metadata ??= {};
    if (config.metadata.name && config.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${config.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    config.metadata.name = name;
    if (type.namespaced) config.metadata.namespace = namespace;
    const version = config.apiVersion.split('/').pop()!;
    const merged = serverSideApply({
      type,
      live: live && this.present(type, live),
      config,
      manager: options.fieldManager,
      apiVersion: groupVersion(type.group, version),
      force: Boolean(options.force),
    });
    const object = this.normalize(type, namespace, merged);
    object.metadata.name = name;
    if (!live) {
      this.requireNamespace(type, namespace);
      this.checkValid(type, object);
      object.metadata.uid = randomUUID();
      object.metadata.creationTimestamp = timestamp();
      object.metadata.generation = 1;
      const admitted = this.admit(type, 'CREATE', object, undefined, options);
      return this.commit(type, undefined, admitted, options);
    }
    return this.writeOver(type, live, object, options, subresource, true);
  }

  private writeOver(
    type: ResourceType,
    live: K8sObject,
    proposed: K8sObject,
    options: WriteOptions,
    subresource?: 'status',
    managedFieldsSet = false,
  ): K8sObject {
    let object = proposed;
    // Identity is the server's, whatever the body says.
    object.metadata.uid = live.metadata.uid;
    object.metadata.creationTimestamp = live.metadata.creationTimestamp;
    object.metadata.namespace = live.metadata.namespace;
    object.metadata.generation = live.metadata.generation;
    if (subresource === 'status') {
      const onlyStatus = structuredClone(live);
      onlyStatus.status = object.status;
      object = onlyStatus;
    } else if (type.hasStatus) {
      object.status = structuredClone(live.status);
    }
    if (!subresource) {
      this.checkValid(type, object);
      const immutable = immutableCauses(type, live, object);
      if (immutable.length > 0)
        throw invalid(type, object.metadata.name!, immutable);
    }
    if (!sameValue(specOf(live), specOf(object))) {
      object.metadata.generation = (live.metadata.generation ?? 1) + 1;
    }
    const admitted = subresource
      ? object
      : this.admit(type, 'UPDATE', object, live, options);
    if (!managedFieldsSet) {
      admitted.metadata.managedFields = recordUpdate(
        this.present(type, live),
        admitted,
        this.manager(options),
        this.apiVersionOf(type, options),
        subresource,
      );
    }
    return this.commit(type, live, admitted, options);
  }

  /** Stores unless nothing changed or it is a dry run; returns what the client sees. */
  private commit(
    type: ResourceType,
    live: K8sObject | undefined,
    object: K8sObject,
    options: WriteOptions,
  ): K8sObject {
    if (live) {
      const { resourceVersion: _a, ...before } = live.metadata;
      const { resourceVersion: _b, ...after } = object.metadata;
      if (
        sameValue(before, after) &&
        sameValue(specOf(live), specOf(object)) &&
        sameValue(live.status, object.status)
      ) {
        return this.present(type, live);
      }
    }
    if (options.dryRun) {
      object.metadata.resourceVersion = live?.metadata.resourceVersion;
      return this.present(type, object);
    }
    return this.present(type, this.store.put(type, object));
  }

  private admit(
    type: ResourceType,
    operation: Operation,
    object: K8sObject,
    oldObject: K8sObject | undefined,
    options: WriteOptions,
  ): K8sObject {
    let current = object;
    const dryRun = Boolean(options.dryRun);
    for (const hook of this.mutating)
      current = hook({ type, operation, object: current, oldObject, dryRun });
    for (const hook of this.validating)
      hook({ type, operation, object: current, oldObject, dryRun });
    return current;
  }

  private checkValid(type: ResourceType, object: K8sObject) {
    const causes = validationCauses(type, object);
    if (causes.length > 0) {
      throw invalid(
        type,
        object.metadata.name ?? object.metadata.generateName ?? '',
        causes,
      );
    }
  }

  private requireNamespace(type: ResourceType, namespace: string | undefined) {
    if (!type.namespaced) return;
    const namespaces = this.type('', 'namespaces');
    if (!namespace)
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    if (!this.store.get(namespaces, undefined, namespace))
      throw notFound(namespaces, namespace);
  }

  /** Copies the body, fills metadata and namespace, strips kind/apiVersion. */
  private normalize(
    type: ResourceType,
    namespace: string | undefined,
    body: K8sObject,
  ): K8sObject {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest('the request body must be a Kubernetes object');
    }
    const object = structuredClone(body);
    object.metadata = object.metadata ?? {};
    if (type.namespaced) {
      if (
        object.metadata.namespace &&
        namespace &&
        object.metadata.namespace !== namespace
      ) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      object.metadata.namespace = namespace ?? object.metadata.namespace;
    } else {
      delete object.metadata.namespace;
    }
    delete object.apiVersion;
    delete object.kind;
    // Go's omitempty: the API server never returns empty label or annotation maps.
    for (const field of ['labels', 'annotations'] as const) {
      const map = object.metadata[field];
      if (map && Object.keys(map).length === 0) delete object.metadata[field];
    }
    return object;
  }

  /** The object as a client of its preferred version sees it. */
  present(
    type: ResourceType,
    object: K8sObject,
    version = type.versions[0],
  ): K8sObject {
    const { metadata, apiVersion: _apiVersion, kind: _kind, ...rest } = object;
    return {
      apiVersion: groupVersion(type.group, version),
      kind: type.kind,
      metadata,
      ...rest,
    };
  }

  private manager(options: WriteOptions) {
    return options.fieldManager ?? 'unknown';
  }

  private apiVersionOf(type: ResourceType, options: WriteOptions) {
    return groupVersion(type.group, options.version ?? type.versions[0]);
  }

  /** Deleting a namespace deletes its objects; deleting a CRD its kind's objects; owners their dependents. */
  private cascade(type: ResourceType, removed: K8sObject) {
    if (type.group === '' && type.plural === 'namespaces') {
      for (const other of this.registry.all()) {
        if (!other.namespaced) continue;
        for (const object of this.store.list(other, removed.metadata.name)) {
          this.store.remove(
            other,
            object.metadata.namespace,
            object.metadata.name!,
          );
        }
      }
      return;
    }
    if (type === ResourceRegistry.crdResource) {
      const spec = removed.spec ?? {};
      const gone = {
        ...type,
        group: spec.group,
        plural: spec.names?.plural,
        namespaced: spec.scope !== 'Cluster',
      } as ResourceType;
      for (const object of this.store.list(gone)) {
        this.store.remove(
          gone,
          object.metadata.namespace,
          object.metadata.name!,
        );
      }
      return;
    }
    const uid = removed.metadata.uid;
    for (const other of this.registry.all()) {
      if (other.namespaced !== type.namespaced && type.namespaced) continue;
      for (const object of this.store.list(other, removed.metadata.namespace)) {
        if (object.metadata.ownerReferences?.some(ref => ref.uid === uid)) {
          const dependent = this.store.remove(
            other,
            object.metadata.namespace,
            object.metadata.name!,
          );
          if (dependent) this.cascade(other, dependent);
        }
      }
    }
  }
}

export { ApiError };
