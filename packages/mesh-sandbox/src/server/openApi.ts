import { IncomingMessage, ServerResponse } from 'node:http';
import { unknownPath } from '../k8s/errors';
import { ObjectApi } from '../k8s/objectApi';
import { ResourceType, groupVersion } from '../k8s/types';
import { sendJson } from './http';

/** `io.k8s.api.apps.v1.Deployment`, `io.istio.networking.v1beta1.VirtualService`. */
function definitionName(type: ResourceType, version: string) {
  const group = type.group || 'core';
  const reversed = group.split('.').reverse().join('.');
  const prefix = type.crdName ? reversed : `io.k8s.api.${group.split('.')[0]}`;
  return `${prefix}.${version}.${type.kind}`;
}

/**
 * Schemas accept any field: the sandbox validates on the server (422 with the
 * field named), like a CRD with x-kubernetes-preserve-unknown-fields.
 */
function schemaOf(type: ResourceType, version: string) {
  return {
    type: 'object',
    description: `${type.kind} (${groupVersion(type.group, version)})`,
    'x-kubernetes-preserve-unknown-fields': true,
    'x-kubernetes-group-version-kind': [
      { group: type.group, version, kind: type.kind },
    ],
  };
}

function pathPrefix(group: string, version: string) {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** The OpenAPI v2 and v3 documents kubectl downloads for client-side validation. */
export function openApiHandler(api: ObjectApi) {
  return (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
    const segments = url.pathname.split('/').filter(Boolean);
    const types = api.registry.all();
    if (segments[1] === 'v2') {
      if (/protobuf/.test(req.headers.accept ?? '')) {
        // gnostic's OpenAPIv2 Document with only `swagger: "2.0"` (field 1): no
        // schemas, so kubectl treats every kind as unstructured or uses its own.
        const body = Buffer.from([0x0a, 0x03, ...Buffer.from('2.0')]);
        res.writeHead(200, {
          'Content-Type':
            'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
          'Content-Length': body.length,
        });
        res.end(body);
        return true;
      }
      const definitions: Record<string, unknown> = {};
      for (const type of types) {
        for (const version of type.versions)
          definitions[definitionName(type, version)] = schemaOf(type, version);
      }
      sendJson(res, 200, {
        swagger: '2.0',
        info: { title: 'Kubernetes', version: 'v1.27.16' },
        paths: {},
        definitions,
      });
      return true;
    }
    if (segments[1] === 'v3' && segments.length === 2) {
      const paths: Record<string, { serverRelativeURL: string }> = {};
      for (const type of types) {
        for (const version of type.versions) {
          const prefix = pathPrefix(type.group, version);
          paths[prefix] = {
            serverRelativeURL: `/openapi/v3/${prefix}?hash=${api.store.currentResourceVersion()}`,
          };
        }
      }
      sendJson(res, 200, { paths });
      return true;
    }
    if (segments[1] === 'v3') {
      const rest = segments.slice(2);
      const [group, version] =
        rest[0] === 'api' ? ['', rest[1]] : [rest[1], rest[2]];
      const served = types.filter(
        t => t.group === group && t.versions.includes(version),
      );
      if (served.length === 0) throw unknownPath();
      const schemas: Record<string, unknown> = {};
      for (const type of served)
        schemas[definitionName(type, version)] = schemaOf(type, version);
      sendJson(res, 200, {
        openapi: '3.0.0',
        info: { title: 'Kubernetes', version: 'v1.27.16' },
        paths: {},
        components: { schemas },
      });
      return true;
    }
    throw unknownPath();
  };
}
