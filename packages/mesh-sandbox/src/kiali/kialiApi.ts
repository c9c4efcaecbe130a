import { IncomingMessage, ServerResponse } from 'node:http';
import { RouteHandler, readBody, sendJson } from '../server/http';
import { durationSeconds, rateRows } from './requestRates';
import { KialiAuth, unauthorized } from './kialiAuth';
import { buildGraph, GraphType } from './kialiGraph';
import {
  HealthType,
  namespaceHealth,
  serviceItems,
  workloadItems,
} from './kialiLists';
import { KialiDialect, KialiOptions } from './kialiMode';
import {
  istioResourcesByGvk,
  listValidations,
  summarize,
  validateNamespace,
  validationsMap,
} from './kialiValidations';
import { KialiClusterView, kialiSnapshot } from './kialiSnapshot';
import { namespaceModel } from './kialiWorkloads';
import { kialiConfig } from './kialiConfig';
import { CLUSTER_ID } from '../traffic/podFacts';

/** Kiali's default `api.namespaces.exclude` (its CR): a real cluster's kube-system and the like are never listed. */
const excludedNamespace =
  /^(istio-operator|kube-|openshift|ibm|kiali-operator)/;

export const KIALI_PREFIX = '/kiali';

type Params = Record<string, string>;
interface Endpoint {
  method: string;
  pattern: RegExp;
  public?: boolean;
  /** Served only by the Kiali versions for which this holds. */
  when?: (dialect: KialiDialect) => boolean;
  handle: (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    params: Params,
  ) => unknown;
}

const healthTypes = ['app', 'service', 'workload'];

const badRequest = (res: ServerResponse, error: string) =>
  sendJson(res, 400, { error });

/** Kiali's REST API under `/kiali/api`, answering from the live objects and the telemetry. */
export function kialiApiHandler(
  cache: KialiClusterView,
  auth: KialiAuth,
  options: KialiOptions,
): RouteHandler {
  const dialect = new KialiDialect(options.version ?? 'v1.73.22');
  const telemetry = options.telemetry;
  const namespacesParam = (url: URL) =>
    (url.searchParams.get('namespaces') ?? '')
      .split(',')
      .map(s => s.trim())
      .filter(Boolean);
  const knownNamespaces = (res: ServerResponse, names: string[]) => {
    const missing = names.find(n => !kialiSnapshot(cache).namespace(n));
    if (missing)
      sendJson(res, 403, {
        error: `No permissions to read namespace [${missing}] or namespace does not exist`,
      });
    return !missing;
  };

  const health = (url: URL, namespaces: string[], res: ServerResponse) => {
    const type = url.searchParams.get('type') ?? 'app';
    if (!healthTypes.includes(type)) {
      badRequest(
        res,
        "Bad request, query parameter 'type' must be one of ['app','service','workload']",
      );
      return undefined;
    }
    const rows = rateRows(telemetry, url);
    return Object.fromEntries(
      namespaces.map(ns => [
        ns,
        namespaceHealth(kialiSnapshot(cache), ns, type as HealthType, rows),
      ]),
    );
  };

  const statusDocument = () => ({
    status: {
      'Kiali commit hash': 'mesh-sandbox',
      'Kiali container version': dialect.version,
      'Kiali state': 'running',
      'Kiali version': dialect.version,
    },
    externalServices: [
      { name: 'Istio', version: 'OSSM_2.5.0' },
      { name: 'Prometheus', version: '2.42.0' },
      { name: 'Kubernetes', version: 'v1.28.0' },
    ],
    warningMessages: [],
    istioEnvironment: { isMaistra: true, istioAPIEnabled: true },
  });

  const endpoints: Endpoint[] = [
    {
      method: 'GET',
      pattern: /^\/api$/,
      public: true,
      handle: (_req, res) => sendJson(res, 200, statusDocument()),
    },
    {
      // unlike `/api`, Kiali serves `/api/status` to signed-in users only
      method: 'GET',
      pattern: /^\/api\/status$/,
      handle: (_req, res) => sendJson(res, 200, statusDocument()),
    },
    {
      method: 'GET',
      pattern: /^\/api\/config$/,
      handle: (_req, res) => sendJson(res, 200, kialiConfig(dialect)),
    },
    {
      method: 'GET',
      pattern: /^\/api\/auth\/info$/,
      public: true,
      handle: (req, res, url) => sendJson(res, 200, auth.info(req, url)),
    },
    {
      method: 'POST',
      pattern: /^\/api\/authenticate$/,
      public: true,
      handle: async (req, res) =>
        auth.login(res, new URLSearchParams(await readBody(req))),
    },
    {
      method: 'GET',
      pattern: /^\/api\/logout$/,
      public: true,
      handle: (req, res) => auth.logout(req, res),
    },
    {
      method: 'GET',
      pattern: /^\/api\/namespaces$/,
      handle: (_req, res) => {
        const snapshot = kialiSnapshot(cache);
        sendJson(
          res,
          200,
          snapshot.all.namespaces
            .filter(n => !excludedNamespace.test(n.metadata.name!))
            .map(n => namespaceModel(snapshot, n.metadata.name!, dialect.v2)),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/namespaces\/graph$/,
      handle: (_req, res, url) => {
        const namespaces = namespacesParam(url);
        if (namespaces.length === 0)
          return badRequest(
            res,
            'At least one namespace must be specified via the namespaces query parameter.',
          );
        if (!knownNamespaces(res, namespaces)) return undefined;
        const graphType = (url.searchParams.get('graphType') ??
          'workload') as GraphType;
        if (!['app', 'versionedApp', 'workload', 'service'].includes(graphType))
          return badRequest(res, `Invalid graphType [${graphType}]`);
        const duration = durationSeconds(url.searchParams.get('duration'), 600);
        return sendJson(
          res,
          200,
          buildGraph(
            kialiSnapshot(cache),
            telemetry.rates(duration),
            namespaces,
            graphType,
            url.searchParams.get('injectServiceNodes') === 'true',
            duration,
          ),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/namespaces\/(?<ns>[^/]+)\/(?<kind>workloads|services)$/,
      when: d => !d.clusterLists,
      handle: (_req, res, url, { ns, kind }) => {
        if (!knownNamespaces(res, [ns])) return;
        const snapshot = kialiSnapshot(cache);
        const rows = rateRows(telemetry, url);
        sendJson(res, 200, {
          namespace: namespaceModel(snapshot, ns, false),
          [kind]:
            kind === 'workloads'
              ? workloadItems(snapshot, ns, rows, dialect)
              : serviceItems(snapshot, ns, rows, dialect),
          validations: listValidations(snapshot, [ns], kind, dialect),
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/namespaces\/(?<ns>[^/]+)\/health$/,
      when: d => !d.clusterHealth,
      handle: (_req, res, url, { ns }) => {
        if (!knownNamespaces(res, [ns])) return;
        const byNamespace = health(url, [ns], res);
        if (byNamespace) sendJson(res, 200, byNamespace[ns]);
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/clusters\/(?<kind>workloads|services)$/,
      when: d => d.clusterLists,
      handle: (_req, res, url, { kind }) => {
        const namespaces = namespacesParam(url);
        if (!knownNamespaces(res, namespaces)) return;
        const snapshot = kialiSnapshot(cache);
        const rows = rateRows(telemetry, url);
        const items = namespaces.flatMap((ns): unknown[] =>
          kind === 'workloads'
            ? workloadItems(snapshot, ns, rows, dialect)
            : serviceItems(snapshot, ns, rows, dialect),
        );
        sendJson(res, 200, {
          cluster: CLUSTER_ID,
          [kind]: items,
          validations: listValidations(snapshot, namespaces, kind, dialect),
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/clusters\/health$/,
      when: d => d.clusterHealth,
      handle: (_req, res, url) => {
        const namespaces = namespacesParam(url);
        if (!knownNamespaces(res, namespaces)) return;
        const byNamespace = health(url, namespaces, res);
        if (!byNamespace) return;
        const type = url.searchParams.get('type') ?? 'app';
        const key = {
          app: 'namespaceAppHealth',
          service: 'namespaceServiceHealth',
          workload: 'namespaceWorkloadHealth',
        }[type]!;
        sendJson(res, 200, { [key]: byNamespace });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/namespaces\/(?<ns>[^/]+)\/validations$/,
      handle: (_req, res, _url, { ns }) => {
        if (!knownNamespaces(res, [ns])) return;
        sendJson(
          res,
          200,
          summarize(validateNamespace(kialiSnapshot(cache), ns)),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/istio\/validations$/,
      handle: (_req, res, url) => {
        const snapshot = kialiSnapshot(cache);
        const requested = namespacesParam(url);
        const namespaces =
          requested.length > 0
            ? requested
            : snapshot.all.namespaces.map(n => n.metadata.name!);
        if (!knownNamespaces(res, namespaces)) return;
        const summaries = namespaces.map(ns => ({
          ns,
          summary: summarize(validateNamespace(snapshot, ns)),
        }));
        sendJson(
          res,
          200,
          dialect.v2
            ? summaries.map(({ ns, summary }) => ({
                ...summary,
                namespace: ns,
                cluster: CLUSTER_ID,
              }))
            : {
                [CLUSTER_ID]: Object.fromEntries(
                  summaries.map(({ ns, summary }) => [ns, summary]),
                ),
              },
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/namespaces\/(?<ns>[^/]+)\/istio$/,
      handle: (_req, res, _url, { ns }) => {
        if (!knownNamespaces(res, [ns])) return;
        const snapshot = kialiSnapshot(cache);
        const validations = validationsMap(
          validateNamespace(snapshot, ns),
          dialect.v2,
        );
        sendJson(
          res,
          200,
          dialect.v2
            ? {
                // 2.x lists Istio objects by GVK, as it keys their validations
                resources: istioResourcesByGvk(snapshot, ns),
                validations,
              }
            : {
                namespace: namespaceModel(snapshot, ns, false),
                virtualServices: snapshot.in('virtualServices', ns),
                destinationRules: snapshot.in('destinationRules', ns),
                gateways: snapshot.in('gateways', ns),
                validations,
              },
        );
      },
    },
  ];

  return async (req, res, url) => {
    if (
      url.pathname !== KIALI_PREFIX &&
      !url.pathname.startsWith(`${KIALI_PREFIX}/`)
    )
      return false;
    const path = url.pathname.slice(KIALI_PREFIX.length);
    for (const endpoint of endpoints) {
      const match = path.match(endpoint.pattern);
      if (!match || endpoint.method !== req.method) continue;
      if (endpoint.when && !endpoint.when(dialect)) break;
      if (!endpoint.public && !auth.userOf(req, url)) {
        unauthorized(res);
        return true;
      }
      await endpoint.handle(req, res, url, { ...match.groups });
      return true;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('404 page not found\n');
    return true;
  };
}
