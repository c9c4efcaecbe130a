import { badRequest, ApiError } from './errors';

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

const unescape = (token: string) =>
  token.replace(/~1/g, '/').replace(/~0/g, '~');

function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw badRequest(
      `the server rejected our request due to an error in our request: invalid JSON pointer "${pointer}"`,
    );
  }
  return pointer.slice(1).split('/').map(unescape);
}

function parentOf(document: any, path: string[], op: string) {
  let node = document;
  for (const token of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object' || !(token in node)) {
      throw new ApiError({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "/${path.join(
          '/',
        )}": missing value`,
        reason: 'Invalid',
        code: 422,
      });
    }
    node = node[token];
  }
  return node;
}

function getValue(document: any, pointer: string): unknown {
  let node = document;
  for (const token of tokens(pointer)) {
    if (node === null || typeof node !== 'object' || !(token in node)) {
      throw badRequest(
        `the server rejected our request due to an error in our request: missing value at "${pointer}"`,
      );
    }
    node = node[token];
  }
  return node;
}

function remove(document: any, pointer: string) {
  const path = tokens(pointer);
  const parent = parentOf(document, path, 'remove');
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (!(index >= 0 && index < parent.length)) {
      throw badRequest(
        `the server rejected our request due to an error in our request: remove operation does not apply: doc is missing path: "${pointer}"`,
      );
    }
    parent.splice(index, 1);
  } else if (parent && typeof parent === 'object' && last in parent) {
    delete parent[last];
  } else {
    throw badRequest(
      `the server rejected our request due to an error in our request: remove operation does not apply: doc is missing path: "${pointer}"`,
    );
  }
}

function add(document: any, pointer: string, value: unknown, replace: boolean) {
  const path = tokens(pointer);
  if (path.length === 0) return structuredClone(value);
  const parent = parentOf(document, path, replace ? 'replace' : 'add');
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!(index >= 0 && index <= parent.length)) {
      throw badRequest(
        `the server rejected our request due to an error in our request: index out of range at "${pointer}"`,
      );
    }
    if (replace) parent[index] = structuredClone(value);
    else parent.splice(index, 0, structuredClone(value));
  } else if (parent && typeof parent === 'object') {
    if (replace && !(last in parent)) {
      throw badRequest(
        `the server rejected our request due to an error in our request: replace operation does not apply: doc is missing key: "${pointer}"`,
      );
    }
    parent[last] = structuredClone(value);
  } else {
    throw badRequest(
      `the server rejected our request due to an error in our request: cannot add at "${pointer}"`,
    );
  }
  return document;
}

/** Applies an RFC 6902 JSON patch to a copy of a document. */
export function applyJsonPatch(document: unknown, patch: unknown): any {
  if (!Array.isArray(patch)) {
    throw badRequest(
      'the server rejected our request due to an error in our request: a JSON patch must be an array of operations',
    );
  }
  let result: any = structuredClone(document);
  for (const operation of patch as JsonPatchOperation[]) {
    switch (operation.op) {
      case 'add':
        result = add(result, operation.path, operation.value, false);
        break;
      case 'replace':
        result = add(result, operation.path, operation.value, true);
        break;
      case 'remove':
        remove(result, operation.path);
        break;
      case 'move': {
        const value = getValue(result, operation.from ?? '');
        remove(result, operation.from ?? '');
        result = add(result, operation.path, value, false);
        break;
      }
      case 'copy':
        result = add(
          result,
          operation.path,
          getValue(result, operation.from ?? ''),
          false,
        );
        break;
      case 'test':
        if (
          JSON.stringify(getValue(result, operation.path)) !==
          JSON.stringify(operation.value)
        ) {
          throw new ApiError({
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: `the server rejected our request due to an error in our request: testing value ${operation.path} failed`,
            reason: 'Invalid',
            code: 422,
          });
        }
        break;
      default:
        throw badRequest(
          `the server rejected our request due to an error in our request: unexpected op "${
            (operation as any).op
          }"`,
        );
    }
  }
  return result;
}
