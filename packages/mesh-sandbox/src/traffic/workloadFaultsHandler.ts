import { SandboxTokens, callerOf } from '../server/auth';
import { RouteHandler, readBody, sendJson, sendStatus } from '../server/http';
import { WorkloadFaultError, WorkloadFaults } from './workloadFaults';

export const WORKLOAD_FAULTS_PATH = '/_sandbox/workload-faults';

/**
 * `/_sandbox/workload-faults` with the admin token: `POST` a fault
 * (`{"namespace", "workload" | "app" + "version", "errorRate", "latencyMs"}`),
 * `DELETE` clears every fault, `GET` lists them.
 */
export function workloadFaultsHandler(
  faults: WorkloadFaults,
  tokens: SandboxTokens,
): RouteHandler {
  return async (req, res, url) => {
    if (url.pathname !== WORKLOAD_FAULTS_PATH) return false;
    if (callerOf(req, tokens)?.access !== 'admin') {
      sendStatus(res, 401, 'Unauthorized', 'Unauthorized');
      return true;
    }
    if (req.method === 'POST') {
      try {
        sendJson(res, 201, faults.set(JSON.parse(await readBody(req))));
      } catch (error) {
        if (
          !(error instanceof WorkloadFaultError || error instanceof SyntaxError)
        )
          throw error;
        sendStatus(res, 400, 'BadRequest', error.message);
      }
      return true;
    }
    if (req.method === 'DELETE') faults.clear();
    else if (req.method !== 'GET') {
      sendStatus(res, 405, 'MethodNotAllowed', `${req.method} is not allowed`);
      return true;
    }
    sendJson(res, 200, { faults: faults.list() });
    return true;
  };
}
