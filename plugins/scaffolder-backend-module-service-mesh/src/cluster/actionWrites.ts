import { userNamespaces } from '../inputs/shape';
import { ActionWrite } from './authorizeWrite';

type Params = Record<string, any>;
type Write = Omit<ActionWrite, 'cluster' | 'owner'>;

const app = (p: Params) => userNamespaces(p as any).app;
const controlPlane = (p: Params) => userNamespaces(p as any).controlPlane;

/**
 * What each action writes, for the one authorization rule: its intent and the
 * namespaces it touches, from its parsed input. The actions authorize with it
 * before their first write, and the preflight checks a whole run with it
 * before any.
 */
const writes: Record<string, (p: Params) => Omit<Write, 'via'>> = {
  'servicemesh:sockshop:deploy': p => ({
    intent: 'configure',
    namespaces: [app(p)],
  }),
  'servicemesh:controlplane:apply': p => ({
    intent: 'configure',
    namespaces: [controlPlane(p)],
  }),
  'servicemesh:istio:apply': p => ({
    intent: 'configure',
    namespaces: [controlPlane(p)],
  }),
  'servicemesh:members:label': p => ({
    intent: 'configure',
    namespaces: [app(p)],
  }),
  'servicemesh:gateway:expose': p => ({
    intent: 'configure',
    namespaces: [app(p)],
  }),
  'servicemesh:canary:services': p => ({
    intent: 'configure',
    namespaces: [app(p)],
  }),
  'servicemesh:waypoint:apply': p => ({
    intent: 'configure',
    namespaces: [app(p)],
  }),
  'servicemesh:members:add': p => ({
    intent: 'configure',
    namespaces: [controlPlane(p), ...(p.members ?? [app(p)])],
  }),
  'servicemesh:sidecars:inject': p => ({
    intent: 'configure',
    namespaces: [app(p)],
  }),
  'servicemesh:ingress:expose': p => ({
    intent: 'configure',
    namespaces: [app(p), controlPlane(p)],
  }),
  'servicemesh:canary:deploy': p => ({
    intent: 'configure',
    namespaces: [app(p)],
  }),
  'servicemesh:circuitbreaker:apply': p => ({
    intent: 'configure',
    namespaces: [app(p)],
  }),
  'servicemesh:traffic:shift': p => ({
    intent: 'traffic',
    namespaces: [p.namespace],
  }),
  'servicemesh:canary:rollout': p => ({
    intent: 'traffic',
    namespaces: [p.namespace],
  }),
  'servicemesh:teardown': p => ({
    intent: 'teardown',
    namespaces: [app(p), controlPlane(p)],
  }),
  'servicemesh:catalog:register': p => ({
    intent: 'provision',
    namespaces: [app(p)],
  }),
  'servicemesh:catalog:unregister': p => ({
    intent: 'teardown',
    namespaces: [app(p)],
  }),
};

/** The actions that write (every one but the preflight). */
export const writingActions = Object.keys(writes);

/** What the action writes with this input. */
export function writesOf(action: string, params: Params): Write {
  const of = writes[action];
  if (!of) throw new Error(`${action} declares no writes`);
  return { via: action, ...of(params) };
}
