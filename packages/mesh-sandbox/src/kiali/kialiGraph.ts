import { createHash } from 'node:crypto';
import { MeshSnapshot } from '../traffic/meshView';
import { IstioLabels } from '../traffic/istioLabels';
import {
  hasSidecar,
  isGatewayPod,
  workloadOf,
  CLUSTER_ID,
} from '../traffic/podFacts';
import { RateRow } from './requestRates';

export type GraphType = 'app' | 'versionedApp' | 'workload' | 'service';

interface NodeData {
  id: string;
  nodeType: string;
  cluster: string;
  namespace: string;
  workload?: string;
  app?: string;
  version?: string;
  service?: string;
  parent?: string;
  [flag: string]: unknown;
}

interface Totals {
  in: number;
  out: number;
  in3xx: number;
  in4xx: number;
  in5xx: number;
  inNoResponse: number;
}

interface EdgeAccumulator {
  source: string;
  target: string;
  rate: number;
  /** Of `rate`, what went over mutual TLS (securityPolicy appender). */
  mtls: number;
  byCode: Map<
    string,
    { rate: number; flags: Map<string, number>; hosts: Map<string, number> }
  >;
}

const idOf = (key: string) =>
  createHash('sha256').update(key).digest('hex').slice(0, 32);
const rate2 = (n: number) => n.toFixed(2);
const pct1 = (n: number) => n.toFixed(1);

/** One request class: every label but the reporter's own view of security. */
const classKey = (l: IstioLabels) =>
  [
    l.source_workload_namespace,
    l.source_workload,
    l.source_canonical_service,
    l.source_canonical_revision,
    l.destination_service,
    l.destination_workload_namespace,
    l.destination_workload,
    l.destination_canonical_service,
    l.destination_canonical_revision,
    l.response_code,
    l.response_flags,
  ].join('|');

/**
 * Kiali's traffic graph (cytoscape config) from Istio request rates: requests
 * into the namespaces as their destinations reported them, requests out of
 * them as the callers did, each request class counted once.
 */
export function buildGraph(
  snapshot: MeshSnapshot,
  rows: RateRow[],
  namespaces: string[],
  graphType: GraphType,
  injectServiceNodes: boolean,
  durationSeconds: number,
) {
  const wanted = new Set(namespaces);
  const classes = new Map<string, RateRow>();
  // Only the destination's proxy knows whether a connection was mutual TLS.
  const mutualTls = new Set<string>();
  for (const row of rows) {
    const l = row.labels;
    const relevant =
      (l.reporter === 'destination' &&
        wanted.has(l.destination_workload_namespace)) ||
      (l.reporter === 'source' &&
        (wanted.has(l.source_workload_namespace) ||
          wanted.has(l.destination_service_namespace)));
    if (!relevant) continue;
    const key = classKey(l);
    if (
      l.reporter === 'destination' &&
      l.connection_security_policy === 'mutual_tls'
    )
      mutualTls.add(key);
    const seen = classes.get(key);
    if (!seen || seen.rate < row.rate) classes.set(key, row);
  }

  const nodes = new Map<string, NodeData>();
  const totals = new Map<string, Totals>();
  const edges = new Map<string, EdgeAccumulator>();
  const meshedWorkloads = new Set(
    snapshot.all.pods
      .filter(p => hasSidecar(p) || isGatewayPod(p))
      .map(p => `${p.metadata.namespace}/${workloadOf(p).name}`),
  );
  const gatewayWorkloads = new Set(
    snapshot.all.pods
      .filter(isGatewayPod)
      .map(p => `${p.metadata.namespace}/${workloadOf(p).name}`),
  );

  const workloadNode = (
    ns: string,
    workload: string,
    app: string,
    version: string,
  ): string => {
    if (workload === 'unknown') {
      const id = idOf('unknown');
      nodes.set(id, {
        id,
        nodeType: 'unknown',
        cluster: 'unknown',
        namespace: 'unknown',
        workload: 'unknown',
        app: 'unknown',
        version: 'unknown',
        isInaccessible: true,
      });
      return id;
    }
    const byApp = graphType !== 'workload' && app !== 'unknown';
    const key = byApp
      ? `${ns}/app/${app}/${graphType === 'app' ? '' : version}`
      : `${ns}/workload/${workload}`;
    const id = idOf(key);
    if (!nodes.has(id)) {
      const data: NodeData = {
        id,
        nodeType: byApp ? 'app' : 'workload',
        cluster: CLUSTER_ID,
        namespace: ns,
        workload: graphType === 'app' ? undefined : workload,
        app,
        version: graphType === 'app' ? undefined : version,
        destServices: [] as unknown[],
      };
      if (!wanted.has(ns)) data.isOutside = true;
      if (!meshedWorkloads.has(`${ns}/${workload}`)) data.isOutOfMesh = true;
      if (gatewayWorkloads.has(`${ns}/${workload}`)) {
        data.isGateway = {
          ingressInfo: { hostnames: gatewayHostnames(snapshot) },
        };
      }
      nodes.set(id, data);
    }
    return id;
  };

  const serviceNode = (ns: string, name: string): string => {
    const id = idOf(`${ns}/service/${name}`);
    if (!nodes.has(id)) {
      nodes.set(id, {
        id,
        nodeType: 'service',
        cluster: CLUSTER_ID,
        namespace: ns,
        service: name,
        destServices: [{ cluster: CLUSTER_ID, namespace: ns, name }],
      });
      if (!wanted.has(ns)) nodes.get(id)!.isOutside = true;
    }
    return id;
  };

  const addEdge = (
    source: string,
    target: string,
    l: IstioLabels,
    rate: number,
  ) => {
    const key = `${source}>${target}`;
    let edge = edges.get(key);
    if (!edge) {
      edge = { source, target, rate: 0, mtls: 0, byCode: new Map() };
      edges.set(key, edge);
    }
    edge.rate += rate;
    if (mutualTls.has(classKey(l))) edge.mtls += rate;
    const code = l.response_code === '0' ? '-' : l.response_code;
    let entry = edge.byCode.get(code);
    if (!entry) {
      entry = { rate: 0, flags: new Map(), hosts: new Map() };
      edge.byCode.set(code, entry);
    }
    entry.rate += rate;
    entry.flags.set(
      l.response_flags,
      (entry.flags.get(l.response_flags) ?? 0) + rate,
    );
    entry.hosts.set(
      l.destination_service,
      (entry.hosts.get(l.destination_service) ?? 0) + rate,
    );
    const tally = (id: string) => {
      const t = totals.get(id) ?? {
        in: 0,
        out: 0,
        in3xx: 0,
        in4xx: 0,
        in5xx: 0,
        inNoResponse: 0,
      };
      totals.set(id, t);
      return t;
    };
    tally(source).out += rate;
    const t = tally(target);
    t.in += rate;
    if (code === '-') t.inNoResponse += rate;
    else if (code.startsWith('3')) t.in3xx += rate;
    else if (code.startsWith('4')) t.in4xx += rate;
    else if (code.startsWith('5')) t.in5xx += rate;
  };

  for (const { labels: l, rate } of classes.values()) {
    const source = workloadNode(
      l.source_workload_namespace,
      l.source_workload,
      l.source_canonical_service,
      l.source_canonical_revision,
    );
    const reached = l.destination_workload !== 'unknown';
    const service =
      l.destination_service_namespace !== 'unknown'
        ? serviceNode(
            l.destination_service_namespace,
            l.destination_service_name,
          )
        : undefined;
    const target = reached
      ? workloadNode(
          l.destination_workload_namespace,
          l.destination_workload,
          l.destination_canonical_service,
          l.destination_canonical_revision,
        )
      : service ?? serviceNode('unknown', l.destination_service);
    if (reached && service) {
      const data = nodes.get(target)!;
      const dest = data.destServices as any[];
      if (!dest.some(d => d.name === l.destination_service_name)) {
        dest.push({
          cluster: CLUSTER_ID,
          namespace: l.destination_service_namespace,
          name: l.destination_service_name,
        });
      }
    }
    if ((injectServiceNodes || graphType === 'service') && reached && service) {
      addEdge(source, service, l, rate);
      addEdge(service, target, l, rate);
    } else {
      addEdge(source, target, l, rate);
    }
  }

  if (!injectServiceNodes && graphType !== 'service') {
    for (const [id, data] of nodes) {
      const used = [...edges.values()].some(
        e => e.source === id || e.target === id,
      );
      if (data.nodeType === 'service' && !used) nodes.delete(id);
    }
  }
  addAppBoxes(nodes, graphType);

  const nodeList = [...nodes.values()].map(data => {
    const t = totals.get(data.id);
    const out = { ...data } as NodeData;
    if (t) {
      const rates: Record<string, string> = {};
      if (t.in > 0) rates.httpIn = rate2(t.in);
      if (t.in3xx > 0) rates.httpIn3xx = rate2(t.in3xx);
      if (t.in4xx > 0) rates.httpIn4xx = rate2(t.in4xx);
      if (t.in5xx > 0) rates.httpIn5xx = rate2(t.in5xx);
      if (t.inNoResponse > 0) rates.httpInNoResponse = rate2(t.inNoResponse);
      if (t.out > 0) rates.httpOut = rate2(t.out);
      out.traffic = [{ protocol: 'http', rates }];
      if (t.in === 0 && t.out > 0) out.isRoot = true;
    }
    out.healthData = null;
    return { data: out };
  });

  const edgeList = [...edges.values()].map(edge => {
    const sourceOut = totals.get(edge.source)?.out ?? 0;
    const rates: Record<string, string> = { http: rate2(edge.rate) };
    let errors = 0;
    for (const [code, entry] of edge.byCode) {
      if (code === '-') rates.httpNoResponse = rate2(entry.rate);
      else if (/^[345]/.test(code)) {
        const key = `http${code[0]}xx`;
        rates[key] = rate2(Number(rates[key] ?? 0) + entry.rate);
      }
      if (code === '-' || /^[45]/.test(code)) errors += entry.rate;
    }
    if (errors > 0) rates.httpPercentErr = pct1((100 * errors) / edge.rate);
    rates.httpPercentReq = pct1(
      sourceOut > 0 ? (100 * edge.rate) / sourceOut : 100,
    );
    const responses = Object.fromEntries(
      [...edge.byCode].map(([code, entry]) => [
        code,
        {
          flags: Object.fromEntries(
            [...entry.flags].map(([f, r]) => [f, pct1((100 * r) / edge.rate)]),
          ),
          hosts: Object.fromEntries(
            [...entry.hosts].map(([h, r]) => [h, pct1((100 * r) / edge.rate)]),
          ),
        },
      ]),
    );
    return {
      data: {
        id: idOf(`${edge.source}>${edge.target}`),
        source: edge.source,
        target: edge.target,
        traffic: { protocol: 'http', rates, responses },
        ...(edge.mtls > 0
          ? { isMTLS: ((100 * edge.mtls) / edge.rate).toFixed(0) }
          : {}),
      },
    };
  });

  return {
    timestamp: Math.floor(Date.now() / 1000),
    duration: durationSeconds,
    graphType,
    elements: { nodes: nodeList, edges: edgeList },
  };
}

/** versionedApp graphs box the versions of an app that has more than one. */
function addAppBoxes(nodes: Map<string, NodeData>, graphType: GraphType) {
  if (graphType !== 'versionedApp') return;
  const members = new Map<string, NodeData[]>();
  for (const data of nodes.values()) {
    if (data.nodeType !== 'app') continue;
    const key = `${data.namespace}/${data.app}`;
    members.set(key, [...(members.get(key) ?? []), data]);
  }
  for (const [key, list] of members) {
    if (list.length < 2) continue;
    const id = idOf(`box/${key}`);
    nodes.set(id, {
      id,
      nodeType: 'box',
      cluster: CLUSTER_ID,
      namespace: list[0].namespace,
      app: list[0].app,
      isBox: 'app',
    });
    list.forEach(data => (data.parent = id));
  }
}

function gatewayHostnames(snapshot: MeshSnapshot): string[] {
  return [
    ...new Set(
      snapshot.all.gateways.flatMap(g =>
        ((g.spec?.servers ?? []) as any[]).flatMap(
          s => (s?.hosts ?? []) as string[],
        ),
      ),
    ),
  ].map(h => (h.includes('/') ? h.split('/')[1] : h));
}
