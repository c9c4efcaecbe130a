import { K8sObject } from '../k8s/types';
import { seededRandom } from './balancer';
import { callsFrom } from './callGraph';
import { Hop, succeeded } from './hop';
import { IstioTelemetry } from './istioTelemetry';
import { MeshSnapshot, MeshView } from './meshView';
import { workloadOf } from './podFacts';
import { callingServiceOf } from './routeProbe';
import { routedHosts } from './routes';
import { TrafficResolver } from './trafficResolver';
import { WorkloadFaults } from './workloadFaults';

const ENTRY_SERVICE = 'front-end';

/**
 * Steady synthetic load: `rps` page requests per second enter every Route
 * that reaches front-end and walk SockShop's call graph. Fractional fan-outs
 * (0.6 catalogue calls per page) are carried over between requests, so the
 * counts are exact and the same on every run.
 */
export class LoadGenerator {
  private readonly resolver: TrafficResolver;
  private readonly carry = new Map<string, number>();
  private readonly jitter = seededRandom(0x5eed);
  private entryHosts: { snapshot: MeshSnapshot; hosts: string[] } | undefined;

  constructor(
    private readonly view: MeshView,
    private readonly telemetry: IstioTelemetry,
    private readonly appsDomain: string,
    private readonly rps: () => number,
    private readonly faults: WorkloadFaults = new WorkloadFaults(),
  ) {
    this.resolver = new TrafficResolver(appsDomain);
  }

  /** Generates `seconds` worth of load and advances the telemetry clock. */
  run(seconds: number) {
    if (seconds <= 0) return;
    const snapshot = this.view.current();
    for (const host of this.frontEndHosts(snapshot)) {
      const requests = this.take(`route:${host}`, this.rps() * seconds);
      for (let i = 0; i < requests; i++) {
        const hops = this.resolver
          .enterRoute(snapshot, host, '/')
          .map(hop => this.faults.affect(hop));
        hops.forEach(hop => this.record(hop));
        const entry = hops[hops.length - 1];
        if (succeeded(entry) && entry.destinationPod)
          this.fanOut(snapshot, entry.destinationPod, callingServiceOf(entry));
      }
    }
    this.telemetry.advance(seconds);
  }

  private fanOut(snapshot: MeshSnapshot, pod: K8sObject, service: string) {
    const ns = pod.metadata.namespace!;
    const exists = (name: string) =>
      Boolean(snapshot.find('services', ns, name));
    for (const call of callsFrom(service, exists)) {
      // Per calling workload, so every version fans out in proportion.
      const caller = workloadOf(pod).name;
      const calls = this.take(`${ns}/${caller}>${call.to}`, call.perRequest);
      for (let i = 0; i < calls; i++) {
        const hop = this.faults.affect(
          this.resolver.callService(snapshot, pod, call.to),
        );
        this.record(hop);
        if (succeeded(hop) && hop.destinationPod)
          this.fanOut(snapshot, hop.destinationPod, call.to);
      }
    }
  }

  private record(hop: Hop) {
    // Service times vary ±50% around the workload's mean, for real histograms.
    this.telemetry.record(
      hop,
      hop.durationMs * (0.5 + this.jitter()) + (hop.faultLatencyMs ?? 0),
    );
  }

  /** Adds to a fractional budget and takes its whole part. */
  private take(key: string, amount: number): number {
    const total = (this.carry.get(key) ?? 0) + amount;
    const whole = Math.floor(total + 1e-9);
    this.carry.set(key, total - whole);
    return whole;
  }

  /** Hosts whose Route leads to front-end, directly or through a gateway. */
  private frontEndHosts(snapshot: MeshSnapshot): string[] {
    if (this.entryHosts?.snapshot !== snapshot) {
      const dryRun = new TrafficResolver(this.appsDomain);
      const hosts = routedHosts(snapshot, this.appsDomain).filter(host =>
        dryRun
          .enterRoute(snapshot, host, '/')
          .some(hop => hop.service && callingServiceOf(hop) === ENTRY_SERVICE),
      );
      this.entryHosts = { snapshot, hosts };
    }
    return this.entryHosts.hosts;
  }
}
