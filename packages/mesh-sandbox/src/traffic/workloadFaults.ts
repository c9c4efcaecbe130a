import { Hop } from './hop';
import { workloadOf } from './podFacts';

/**
 * A workload version that misbehaves: a share of its answers become 503 and
 * every answer takes longer. Targets a Deployment by name, or pods by their
 * `app` and `version` labels (a canary's v2).
 */
export interface WorkloadFault {
  namespace: string;
  workload?: string;
  app?: string;
  version?: string;
  /** Share of requests answered 503, from 0 to 1. */
  errorRate: number;
  /** Added to each request's duration, in milliseconds. */
  latencyMs: number;
}

/** A workload fault that cannot be applied, with the field that is wrong. */
export class WorkloadFaultError extends Error {}

interface ActiveFault extends WorkloadFault {
  seen: number;
  failed: number;
}

const targetKey = (f: WorkloadFault) =>
  [f.namespace, f.workload ?? '', f.app ?? '', f.version ?? ''].join('/');

const isName = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0;

function parseFault(input: unknown): WorkloadFault {
  const body = (input ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (!isName(body.namespace)) problems.push('namespace is required');
  const byWorkload = body.workload !== undefined;
  if (byWorkload && !isName(body.workload)) {
    problems.push('workload must be a Deployment name');
  }
  if (byWorkload && (body.app !== undefined || body.version !== undefined)) {
    problems.push('give either workload, or app and version');
  }
  if (!byWorkload && !(isName(body.app) && isName(body.version))) {
    problems.push('workload, or app and version, is required');
  }
  const errorRate = body.errorRate ?? 0;
  if (typeof errorRate !== 'number' || !(errorRate >= 0 && errorRate <= 1)) {
    problems.push('errorRate must be a number from 0 to 1');
  }
  const latencyMs = body.latencyMs ?? 0;
  if (
    typeof latencyMs !== 'number' ||
    !Number.isFinite(latencyMs) ||
    latencyMs < 0
  ) {
    problems.push('latencyMs must be a number of milliseconds >= 0');
  }
  if (problems.length === 0 && errorRate === 0 && latencyMs === 0) {
    problems.push('errorRate or latencyMs must be above 0');
  }
  if (problems.length > 0) {
    throw new WorkloadFaultError(`workload fault: ${problems.join('; ')}`);
  }
  return {
    namespace: body.namespace as string,
    ...(byWorkload
      ? { workload: body.workload as string }
      : { app: body.app as string, version: body.version as string }),
    errorRate: errorRate as number,
    latencyMs: latencyMs as number,
  };
}

/**
 * Faults per workload version, applied to the hops that reach its pods. The
 * errors are spread exactly: after n requests, floor(n x errorRate) failed.
 */
export class WorkloadFaults {
  private readonly faults = new Map<string, ActiveFault>();

  /** Sets (or replaces) the fault of a target; throws WorkloadFaultError. */
  set(input: unknown): WorkloadFault {
    const fault = parseFault(input);
    this.faults.set(targetKey(fault), { ...fault, seen: 0, failed: 0 });
    return fault;
  }

  list(): WorkloadFault[] {
    return [...this.faults.values()].map(({ seen, failed, ...f }) => f);
  }

  clear() {
    this.faults.clear();
  }

  /** The hop as the faulty workload answers it (the same hop when none applies). */
  affect(hop: Hop): Hop {
    const pod = hop.destinationPod;
    if (!pod || this.faults.size === 0) return hop;
    const labels = pod.metadata.labels ?? {};
    const fault = [...this.faults.values()].find(
      f =>
        f.namespace === pod.metadata.namespace &&
        (f.workload !== undefined
          ? workloadOf(pod).name === f.workload
          : labels.app === f.app && labels.version === f.version),
    );
    if (!fault) return hop;
    fault.seen += 1;
    const fails =
      hop.status < 500 &&
      fault.failed + 1 <= fault.seen * fault.errorRate + 1e-9;
    if (fails) fault.failed += 1;
    return {
      ...hop,
      ...(fails
        ? {
            status: 503,
            reason: `workload fault: ${
              fault.errorRate * 100
            } % of requests fail`,
          }
        : {}),
      faultLatencyMs: (hop.faultLatencyMs ?? 0) + fault.latencyMs,
    };
  }
}
