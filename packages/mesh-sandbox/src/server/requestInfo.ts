/** The verb and resource of a Kubernetes API request, as the API server's RequestInfo names them. */
export interface RequestInfo {
  verb: string;
  /** `pods`, `virtualservices.networking.istio.io`, with `/status` for subresources. */
  resource: string;
}

/** Undefined for requests that are not for a resource (discovery, /version, /openapi). */
export function requestInfo(method: string, url: URL): RequestInfo | undefined {
  const parts = url.pathname.split('/').filter(Boolean);
  let group: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let watch = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  const [plural, name, subresource] = rest;
  if (!plural) return undefined;
  const resource = `${group ? `${plural}.${group}` : plural}${
    subresource ? `/${subresource}` : ''
  }`;
  const verbs: Record<string, string> = {
    POST: 'create',
    PUT: 'update',
    PATCH: 'patch',
    DELETE: name ? 'delete' : 'deletecollection',
  };
  let verb = verbs[method] ?? method.toLowerCase();
  if (method === 'GET' || method === 'HEAD') {
    if (watch) verb = 'watch';
    else verb = name ? 'get' : 'list';
  }
  return { verb, resource };
}
