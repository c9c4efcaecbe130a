import { Controller, SandboxContext } from '../context';
import { SandboxTokens } from '../server/auth';
import { IstioTelemetry } from './istioTelemetry';
import { LoadGenerator } from './loadGenerator';
import { MeshView } from './meshView';
import { metricsHandler } from './metricsHandler';
import { routeProbeHandler } from './routeProbeHandler';
import { WorkloadFaults } from './workloadFaults';
import { workloadFaultsHandler } from './workloadFaultsHandler';

export interface MeshTrafficOptions {
  /** How often the load generator runs, in real milliseconds (default 250). */
  tickMs?: number;
  /** Run the load on a timer (default true); tests can `advance()` instead. */
  generateLoad?: boolean;
  /** Tokens the route probe accepts (default: the sandbox's). */
  tokens?: SandboxTokens;
}

/**
 * Traffic in the sandbox: the route probe (`/_sandbox/routes/...`), the
 * synthetic load and the Istio metrics it produces (`/metrics`). Kiali reads
 * `telemetry`; tests can `advance()` simulated seconds of load without waiting.
 */
export class MeshTraffic {
  readonly telemetry = new IstioTelemetry();
  /** Workload versions made to fail or slow down (`/_sandbox/workload-faults`). */
  readonly workloadFaults = new WorkloadFaults();
  private generator: LoadGenerator | undefined;

  constructor(private readonly options: MeshTrafficOptions = {}) {}

  controller(): Controller {
    return {
      name: 'mesh-traffic',
      start: context => this.start(context),
    };
  }

  /** Generates `seconds` of load at once (requires the controller to run). */
  advance(seconds: number) {
    if (!this.generator)
      throw new Error('the mesh-traffic controller is not running');
    this.generator.run(seconds);
  }

  private start(context: SandboxContext) {
    const { cache, settings } = context;
    const view = new MeshView(cache);
    this.generator = new LoadGenerator(
      view,
      this.telemetry,
      settings.appsDomain,
      () => settings.trafficRps,
      this.workloadFaults,
    );
    context.addHandler(metricsHandler(this.telemetry));
    context.addHandler(
      workloadFaultsHandler(
        this.workloadFaults,
        this.options.tokens ?? context.tokens,
      ),
    );
    context.addHandler(
      routeProbeHandler(
        view,
        this.options.tokens ?? context.tokens,
        settings.appsDomain,
      ),
    );
    let timer: NodeJS.Timeout | undefined;
    if (this.options.generateLoad ?? true) {
      let last = performance.now();
      timer = setInterval(() => {
        const now = performance.now();
        try {
          this.generator?.run((now - last) / 1000);
        } catch (error) {
          context.log(`traffic generation failed: ${(error as Error).stack}`);
        }
        last = now;
      }, this.options.tickMs ?? 250);
      timer.unref();
    }
    return () => {
      if (timer) clearInterval(timer);
      view.stop();
      this.generator = undefined;
    };
  }
}
