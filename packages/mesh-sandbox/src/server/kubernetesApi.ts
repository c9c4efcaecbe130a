import { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  versionInfo,
} from '../k8s/discovery';
import {
  badRequest,
  forbidden,
  methodNotAllowed,
  unauthorized,
  unknownPath,
  unsupportedMediaType,
} from '../k8s/errors';
import { ObjectApi, WriteOptions, patchTypes } from '../k8s/objectApi';
import { scaleRequest } from '../k8s/scale';
import { toTable } from '../k8s/table';
import {
  K8sObject,
  ResourceType,
  groupVersion,
  qualifiedResource,
} from '../k8s/types';
import { Caller, SandboxTokens, callerOf } from './auth';
import { readBody, sendError, sendJson, sendStatus } from './http';
import { openApiHandler } from './openApi';
import { RequestStats } from './stats';
import { streamWatch } from './watch';

interface ResourcePath {
  group: string;
  version: string;
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

const wantsTable = (req: IncomingMessage) =>
  /as=Table/.test(req.headers.accept ?? '');

/**
 * Parses `/api/v1/...` and `/apis/<group>/<version>/...` into the kind, namespace,
 * name and subresource addressed. Undefined when no served kind matches (404).
 */
function parseResourcePath(
  api: ObjectApi,
  segments: string[],
): ResourcePath | undefined {
  let group = '';
  let version: string;
  let rest: string[];
  if (segments[0] === 'api') {
    version = segments[1];
    rest = segments.slice(2);
  } else {
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  }
  if (rest[0] === 'watch') rest = rest.slice(1);
  const find = (plural: string) => api.registry.find(group, version, plural);
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const type = find(rest[2]);
    if (!type?.namespaced) return undefined;
    return {
      group,
      version,
      type,
      namespace: rest[1],
      name: rest[3],
      subresource: rest[4],
    };
  }
  const type = find(rest[0]);
  if (!type || rest.length > 3) return undefined;
  if (type.namespaced && rest.length > 1) return undefined;
  return { group, version, type, name: rest[1], subresource: rest[2] };
}

function verbOf(method: string, path: ResourcePath, watch: boolean): string {
  switch (method) {
    case 'GET':
      if (watch) return 'watch';
      return path.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return path.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

const returnsDeletedObject = new Set(['pods', 'serviceaccounts']);

const isWrite = (verb: string) => !['get', 'list', 'watch'].includes(verb);

const contentTypeOf = (req: IncomingMessage) =>
  (req.headers['content-type'] ?? '').split(';')[0].trim();

async function parseBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (!text) return undefined;
  const contentType = (req.headers['content-type'] ?? 'application/json')
    .split(';')[0]
    .trim();
  try {
    return contentType.includes('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw badRequest(`error decoding request body: ${(e as Error).message}`);
  }
}

function writeOptions(
  url: URL,
  path: ResourcePath,
  req: IncomingMessage,
): WriteOptions & { force?: boolean } {
  const dryRun = url.searchParams.getAll('dryRun');
  if (dryRun.some(v => v !== 'All'))
    throw badRequest(
      `Invalid dry run value: ${dryRun.join(',')}; only "All" is supported`,
    );
  // Apply requests must name their manager; other writes default to the user agent.
  const isApply = patchTypes[contentTypeOf(req)] === 'apply';
  const agent = isApply
    ? undefined
    : (req.headers['user-agent'] ?? 'unknown').split('/')[0];
  return {
    dryRun: dryRun.includes('All'),
    fieldManager: url.searchParams.get('fieldManager') ?? agent,
    force: url.searchParams.get('force') === 'true',
    version: path.version,
  };
}

/** The Kubernetes REST API over an ObjectApi, with bearer-token access control. */
export function kubernetesApiHandler(
  api: ObjectApi,
  tokens: SandboxTokens,
  stats: RequestStats,
) {
  const openApi = openApiHandler(api);

  const present = (path: ResourcePath, object: K8sObject) =>
    api.present(path.type, object, path.version);

  async function handleResource(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    path: ResourcePath,
    caller: Caller,
  ) {
    const method = req.method ?? 'GET';
    const watch =
      ['true', '1'].includes(url.searchParams.get('watch') ?? '') ||
      url.pathname.includes('/watch/');
    const verb = verbOf(method, path, watch);
    stats.record(verb, qualifiedResource(path.type));
    if (isWrite(verb) && caller.access === 'read') {
      throw forbidden(caller.user, verb, path.type, path.namespace);
    }
    const { type, namespace, name, subresource } = path;
    if (subresource === 'scale' && type.hasScale && name) {
      const body = verb === 'get' ? undefined : await parseBody(req);
      const scale = scaleRequest(api, type, namespace, name, {
        verb,
        patchType: patchTypes[contentTypeOf(req)],
        body,
        options: writeOptions(url, path, req),
      });
      return sendJson(res, 200, scale);
    }
    if (subresource && !(subresource === 'status' && type.hasStatus))
      throw unknownPath();

    if (verb === 'watch')
      return streamWatch(api, res, url, {
        type,
        version: path.version,
        namespace,
        name,
      });
    if (verb === 'list') {
      const items = api.list(type, namespace, {
        labelSelector: url.searchParams.get('labelSelector') ?? undefined,
        fieldSelector: url.searchParams.get('fieldSelector') ?? undefined,
      });
      const resourceVersion = String(api.store.currentResourceVersion());
      const limit = Number(url.searchParams.get('limit') ?? 0);
      const offset = Number(
        Buffer.from(
          url.searchParams.get('continue') ?? '',
          'base64',
        ).toString() || 0,
      );
      const page =
        limit > 0 ? items.slice(offset, offset + limit) : items.slice(offset);
      const more = limit > 0 && offset + limit < items.length;
      const metadata = {
        resourceVersion,
        ...(more
          ? {
              continue: Buffer.from(String(offset + limit)).toString('base64'),
              remainingItemCount: items.length - offset - limit,
            }
          : {}),
      };
      const objects = page.map(o => present(path, o));
      if (wantsTable(req)) {
        return sendJson(res, 200, {
          ...toTable(type, objects, resourceVersion),
          metadata,
        });
      }
      return sendJson(res, 200, {
        kind: type.listKind,
        apiVersion: groupVersion(type.group, path.version),
        metadata,
        items: objects,
      });
    }
    if (verb === 'get') {
      const object = present(path, api.get(type, namespace, name!));
      if (wantsTable(req))
        return sendJson(
          res,
          200,
          toTable(type, [object], object.metadata.resourceVersion!),
        );
      return sendJson(res, 200, object);
    }
    const options = writeOptions(url, path, req);
    if (verb === 'create') {
      const body = (await parseBody(req)) as K8sObject;
      return sendJson(
        res,
        201,
        present(path, api.create(type, namespace, body, options)),
      );
    }
    if (verb === 'update') {
      const body = (await parseBody(req)) as K8sObject;
      const status = subresource === 'status' ? 'status' : undefined;
      return sendJson(
        res,
        200,
        present(
          path,
          api.replace(type, namespace, name!, body, options, status),
        ),
      );
    }
    if (verb === 'patch') {
      const contentType = contentTypeOf(req);
      const patchType = patchTypes[contentType];
      if (!patchType) throw unsupportedMediaType(contentType || '(none)');
      const existed = Boolean(api.tryGet(type, namespace, name!));
      const body = await parseBody(req);
      const status = subresource === 'status' ? 'status' : undefined;
      const result = api.patch(
        type,
        namespace,
        name!,
        patchType,
        body,
        options,
        status,
      );
      return sendJson(res, existed ? 200 : 201, present(path, result));
    }
    if (verb === 'delete') {
      const removed = api.delete(type, namespace, name!, options);
      // Storage with ReturnDeletedObject answers with the object, the rest with a Status.
      if (type.group === '' && returnsDeletedObject.has(type.plural))
        return sendJson(res, 200, present(path, removed));
      return sendJson(res, 200, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: {
          name: removed.metadata.name,
          ...(type.group ? { group: type.group } : {}),
          kind: type.plural,
          uid: removed.metadata.uid,
        },
      });
    }
    if (verb === 'deletecollection') {
      const items = api.list(type, namespace, {
        labelSelector: url.searchParams.get('labelSelector') ?? undefined,
        fieldSelector: url.searchParams.get('fieldSelector') ?? undefined,
      });
      const removed = items.map(o =>
        present(
          path,
          api.delete(type, o.metadata.namespace, o.metadata.name!, options),
        ),
      );
      return sendJson(res, 200, {
        kind: type.listKind,
        apiVersion: groupVersion(type.group, path.version),
        metadata: {
          resourceVersion: String(api.store.currentResourceVersion()),
        },
        items: removed,
      });
    }
    throw methodNotAllowed(verb);
  }

  /** The discovery document a path names, undefined when it names a resource. */
  function discoveryDocument(segments: string[]): unknown {
    const [root] = segments;
    if (root === 'version') return versionInfo;
    if (root === 'api' && segments.length === 1) return apiVersions();
    if (root === 'apis' && segments.length === 1)
      return apiGroupList(api.registry);
    if (root === 'apis' && segments.length === 2) {
      const versions = api.registry.groups().get(segments[1]);
      if (!versions) throw unknownPath();
      return apiGroup(segments[1], versions);
    }
    const isGroupVersion =
      (root === 'api' && segments.length === 2) ||
      (root === 'apis' && segments.length === 3);
    if (!isGroupVersion) return undefined;
    const group = root === 'api' ? '' : segments[1];
    const list = apiResourceList(
      api.registry,
      group,
      segments[segments.length - 1],
    );
    if (!list) throw unknownPath();
    return list;
  }

  return async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<boolean> {
    const segments = url.pathname.split('/').filter(Boolean);
    const isApi =
      segments[0] === 'api' ||
      segments[0] === 'apis' ||
      segments[0] === 'version' ||
      segments[0] === 'openapi';
    if (!isApi) return false;
    try {
      const caller = callerOf(req, tokens);
      if (!caller) {
        sendStatus(res, unauthorized().status);
        return true;
      }
      if (segments[0] === 'openapi') return openApi(req, res, url);
      const discovery = discoveryDocument(segments);
      if (discovery) {
        sendJson(res, 200, discovery);
        return true;
      }
      const path = parseResourcePath(api, segments);
      if (!path) throw unknownPath();
      await handleResource(req, res, url, path, caller);
    } catch (error) {
      if (!res.headersSent) sendError(res, error);
      else res.end();
    }
    return true;
  };
}
