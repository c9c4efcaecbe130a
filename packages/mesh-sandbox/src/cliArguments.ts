import { parseArgs } from 'node:util';

export type ScenarioName =
  | 'sockshop'
  | 'meshed'
  | 'meshed-sail'
  | 'meshed-ambient'
  | 'scale';
export const scenarioNames: ScenarioName[] = [
  'sockshop',
  'meshed',
  'meshed-sail',
  'meshed-ambient',
  'scale',
];

export interface CliArguments {
  port: number;
  host: string;
  scenario: ScenarioName;
  users: number;
  services: number;
  delayMs: number;
  trafficRps: number;
  appsDomain: string;
  kubeconfig?: string;
  tlsDir?: string;
  clusterDir?: string;
  portalTokenFile?: string;
  adminTokenFile?: string;
  help: boolean;
}

export const usage = `Usage: yarn sandbox [options]

Starts the local cluster on 127.0.0.1: a real Kubernetes control plane (etcd,
kube-apiserver, kube-controller-manager, kube-scheduler, kwok; built from Go
modules on first use) with simulated OpenShift and Service Mesh operators,
Envoy traffic, Istio metrics and Kiali, all behind one HTTPS port.

Options:
  --port N             port clients use (default 6443; 0 picks a free one)
  --scenario NAME      sockshop (default): SockShop per user, no mesh yet
                       meshed: everything the hands-on does, already done
                       meshed-sail: the same the OSSM 3 way (Sail Istio,
                       revision label, Gateway API Gateway + HTTPRoute)
                       meshed-ambient: meshed-sail in ambient mode (ztunnel,
                       no sidecars, no waypoint)
                       scale: one namespace with --services synthetic services
  --users N            users user1..userN (default 2)
  --services N         services of the scale scenario (default 100)
  --delay-ms N         how long a scheduled pod takes to turn Ready (default 500)
  --traffic-rps N      synthetic requests per second per front-end route (default 20)
  --apps-domain D      wildcard domain of Routes (default apps.sandbox.local)
  --kubeconfig FILE    write a kubeconfig (server, CA, read-write token) to FILE
  --tls-dir DIR        keep the CA (DIR/ca.crt) and key there across restarts
  --cluster-dir DIR    the control plane's data, keys and logs (DIR/logs/*.log);
                       emptied at start (default: a temporary folder)
  --portal-token-file FILE
                       write the portal service account's token to FILE
  --admin-token-file FILE
                       write the cluster admin's token to FILE (for tests that
                       set workload faults on /_sandbox/workload-faults)
  --help               this text
`;

function whole(
  flag: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(
      `--${flag} must be a whole number from ${min} to ${max}, got "${value}"`,
    );
  }
  return n;
}

/** Parses the command line; throws an Error naming the bad flag. */
export function parseCliArguments(argv: string[]): CliArguments {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      scenario: { type: 'string' },
      users: { type: 'string' },
      services: { type: 'string' },
      'delay-ms': { type: 'string' },
      'traffic-rps': { type: 'string' },
      'apps-domain': { type: 'string' },
      kubeconfig: { type: 'string' },
      'tls-dir': { type: 'string' },
      'cluster-dir': { type: 'string' },
      'portal-token-file': { type: 'string' },
      'admin-token-file': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  const scenario = (values.scenario ?? 'sockshop') as ScenarioName;
  if (!scenarioNames.includes(scenario)) {
    throw new Error(
      `--scenario must be one of ${scenarioNames.join(', ')}, got "${
        values.scenario
      }"`,
    );
  }
  const appsDomain = values['apps-domain'] ?? 'apps.sandbox.local';
  if (
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/.test(
      appsDomain,
    )
  ) {
    throw new Error(
      `--apps-domain must be a DNS domain like apps.example.com, got "${appsDomain}"`,
    );
  }
  return {
    port: whole('port', values.port, 6443, 0, 65535),
    host: values.host ?? '127.0.0.1',
    scenario,
    users: whole('users', values.users, 2, 1, 500),
    services: whole('services', values.services, 100, 1, 5000),
    delayMs: whole('delay-ms', values['delay-ms'], 500, 0, 60_000),
    trafficRps: whole('traffic-rps', values['traffic-rps'], 20, 0, 10_000),
    appsDomain,
    kubeconfig: values.kubeconfig,
    tlsDir: values['tls-dir'],
    clusterDir: values['cluster-dir'],
    portalTokenFile: values['portal-token-file'],
    adminTokenFile: values['admin-token-file'],
    help: Boolean(values.help),
  };
}
