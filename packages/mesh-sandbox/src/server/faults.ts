import { sleep } from '../sleep';
import { IncomingMessage, ServerResponse } from 'node:http';

export interface FaultRule {
  /** A regular expression matched against the request path (with query). */
  path: string;
  /** Only this HTTP method, if set. */
  method?: string;
  /** Delay before the request is handled (or failed). */
  latencyMs?: number;
  /** Answer with this status code instead of handling the request. */
  status?: number;
  /** Destroy the connection without answering. */
  drop?: boolean;
}

/** The Status reason the API server gives a code (apimachinery's reasonForCode). */
const reasons: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

interface CompiledRule extends FaultRule {
  id: number;
  pattern: RegExp;
}

/** A fault rule that cannot be applied, with what is wrong with it. */
export class FaultRuleError extends Error {}

/** Injected latency, error codes and dropped connections per path pattern. */
export class FaultInjector {
  private rules: CompiledRule[] = [];
  private nextId = 1;

  add(rule: FaultRule): CompiledRule {
    if (typeof rule?.path !== 'string' || rule.path === '') {
      throw new FaultRuleError(
        'fault.path is required: a regular expression for the request path',
      );
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(rule.path);
    } catch (e) {
      throw new FaultRuleError(
        `fault.path is not a valid regular expression: ${(e as Error).message}`,
      );
    }
    if (
      rule.status !== undefined &&
      !(
        Number.isInteger(rule.status) &&
        rule.status >= 100 &&
        rule.status <= 599
      )
    ) {
      throw new FaultRuleError(
        'fault.status must be an HTTP status code (100-599)',
      );
    }
    if (rule.latencyMs !== undefined && !(rule.latencyMs >= 0)) {
      throw new FaultRuleError(
        'fault.latencyMs must be a number of milliseconds >= 0',
      );
    }
    const compiled = { ...rule, id: this.nextId++, pattern };
    this.rules.push(compiled);
    return compiled;
  }

  list(): FaultRule[] {
    return this.rules.map(({ pattern, ...rule }) => rule);
  }

  clear() {
    this.rules = [];
  }

  /**
   * Applies the first matching rule. Returns true when the request was answered
   * (or dropped) by the fault and must not be handled.
   */
  async apply(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = req.url ?? '/';
    const rule = this.rules.find(
      r =>
        r.pattern.test(path) &&
        (!r.method || r.method.toUpperCase() === req.method),
    );
    if (!rule) return false;
    if (rule.latencyMs) await sleep(rule.latencyMs);
    if (rule.drop) {
      req.socket.destroy();
      return true;
    }
    if (rule.status) {
      const body = JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `fault injected by the sandbox: ${rule.status}`,
        reason:
          reasons[rule.status] ??
          (rule.status >= 500 ? 'InternalError' : 'Unknown'),
        code: rule.status,
      });
      res.writeHead(rule.status, { 'Content-Type': 'application/json' });
      res.end(body);
      return true;
    }
    return false;
  }
}
