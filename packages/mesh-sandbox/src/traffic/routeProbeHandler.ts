import { SandboxTokens, callerOf } from '../server/auth';
import { RouteHandler, sendJson, sendStatus } from '../server/http';
import { MeshView } from './meshView';
import { describeProbe, probeRoute } from './routeProbe';
import { TrafficResolver } from './trafficResolver';

const PREFIX = '/_sandbox/routes/';

/**
 * `GET /_sandbox/routes/<route host>/<path>`: what a browser opening that URL
 * would get, with every hop. Any sandbox token may ask. Failures that take
 * time (timeouts) are reported in `durationMs`, not waited for.
 */
export function routeProbeHandler(
  view: MeshView,
  tokens: SandboxTokens,
  appsDomain: string,
): RouteHandler {
  const resolver = new TrafficResolver(appsDomain);
  return (req, res, url) => {
    if (!url.pathname.startsWith(PREFIX)) return false;
    if (!callerOf(req, tokens)) {
      sendStatus(res, 401, 'Unauthorized', 'Unauthorized');
      return true;
    }
    if (req.method !== 'GET') {
      sendJson(res, 405, { message: 'only GET is supported' });
      return true;
    }
    const rest = url.pathname.slice(PREFIX.length);
    const slash = rest.indexOf('/');
    const host = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
    const path = slash < 0 ? '/' : rest.slice(slash);
    const probe = probeRoute(
      resolver,
      view.current(),
      host.toLowerCase(),
      path,
    );
    sendJson(res, 200, describeProbe(host, path, probe));
    return true;
  };
}
