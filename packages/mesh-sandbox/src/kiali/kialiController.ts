import { Controller } from '../context';
import { KialiAuth } from './kialiAuth';
import { kialiApiHandler } from './kialiApi';
import { KialiDialect, KialiOptions } from './kialiMode';

/**
 * Kiali's REST API at `<sandbox url>/kiali`, in the dialect of one Kiali
 * version and one login strategy (both options, so tests can run a 2.x one).
 * It reads the cluster only through the cluster cache, as Kiali reads it
 * through its informers.
 */
export function kialiController(options: KialiOptions): Controller {
  return {
    name: 'kiali',
    start(context) {
      const dialect = new KialiDialect(options.version ?? 'v1.73.22');
      const auth = new KialiAuth(
        options.strategy ?? 'openshift',
        dialect,
        options.tokens ?? context.tokens,
        options.sessionSeconds ?? 86_400,
        options.sessionCookieChunkSize,
      );
      context.addHandler(kialiApiHandler(context.cache, auth, options));
    },
  };
}
