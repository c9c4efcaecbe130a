import { expect, Locator, Page, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';

/* What the end-to-end journeys share: the portal's files, the task API, the card's rows and the local cluster's endpoints. */

export const root = join(__dirname, '../../..');
export const screenshots = join(root, 'plugins/service-mesh/docs/screenshots');
const portalLog = join(root, 'node_modules/.cache/e2e/portal.log');

interface TaskEvent {
  type: string;
  createdAt: string;
  body: { message?: string; stepId?: string; status?: string };
}

interface Task {
  status: string;
  spec: { steps: { id: string; name: string }[] };
}

/** The bearer token the app sends, to read the task through the same API. */
export function captureToken(page: Page): () => string {
  let token = '';
  page.on('request', request => {
    const header = request.headers().authorization;
    if (header?.startsWith('Bearer ')) token = header;
  });
  return () => token;
}

export async function readTask(page: Page, token: string, taskId: string) {
  const get = async (path: string) => {
    const response = await page.request.get(
      `/api/scaffolder/v2/tasks/${taskId}${path}`,
      { headers: { authorization: token } },
    );
    expect(response.status(), `GET task ${taskId}${path}`).toBe(200);
    return response.json();
  };
  const task: Task = await get('');
  const events: TaskEvent[] = await get('/events');
  const log = events
    .filter(event => event.type === 'log' && event.body.message)
    .map(event => `${event.createdAt} ${event.body.message}`)
    .join('\n');
  const stepStatus = new Map<string, string>();
  for (const event of events) {
    const { stepId, status } = event.body;
    if (stepId && status) stepStatus.set(stepId, status);
  }
  const steps = task.spec.steps.map(step => ({
    name: step.name,
    status: stepStatus.get(step.id) ?? 'open',
  }));
  return { status: task.status, steps, log };
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * What the local cluster's Kiali answers for a namespace's services (the
 * endpoint of app-config.yaml's serviceMesh section, the portal's token).
 */
export function kialiServiceHealth(
  namespace: string,
): Promise<
  Record<
    string,
    { requests: { inbound: Record<string, Record<string, number>> } }
  >
> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `https://127.0.0.1:6443/kiali/api/namespaces/${namespace}/health?type=service&rateInterval=1m`,
      {
        ca: readFileSync(join(root, '.sandbox/ca.crt')),
        // the portal's service account, which yarn start passes to the backend too
        headers: {
          Authorization: `Bearer ${readFileSync(
            join(root, '.sandbox/portal.token'),
            'utf8',
          ).trim()}`,
        },
      },
      res => {
        let body = '';
        res.on('data', chunk => (body += chunk));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(JSON.parse(body))
            : reject(new Error(`Kiali answered ${res.statusCode}: ${body}`)),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The row of a service in the card's or the tab's services table. */
export function serviceRow(table: Locator, service: string): Locator {
  return table.getByRole('row').filter({
    has: table.page().locator('th').getByText(service, { exact: true }),
  });
}

/**
 * Waits until the observed share of front-end's v2, as the row shows it
 * ("observed v1 80%, v2 20%"), passes `check`; the card refreshes every 10 s
 * and Prometheus rates over a 1 minute window.
 */
export async function expectObservedV2(
  row: Locator,
  description: string,
  check: (v2: number) => boolean,
  timeout: number,
) {
  const observed = row.getByText(/^observed /);
  await expect
    .poll(
      async () => {
        const text = (await observed.textContent()) ?? '';
        const v2 = text.match(/\bv2 (\d+)%/);
        return v2 && check(Number(v2[1])) ? description : text;
      },
      { timeout, intervals: [1000], message: `observed split: ${description}` },
    )
    .toBe(description);
}

/** A request to the local cluster's own endpoints with its admin token (workload faults). */
export function sandboxAdminRequest(
  method: 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `https://127.0.0.1:6443${path}`,
      {
        method,
        ca: readFileSync(join(root, '.sandbox/ca.crt')),
        headers: {
          Authorization: `Bearer ${readFileSync(
            join(root, '.sandbox/admin.token'),
            'utf8',
          ).trim()}`,
          'Content-Type': 'application/json',
        },
      },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/**
 * The page's watch: every step must leave no uncaught error, no console
 * error from the service mesh plugins and no Backstage error boundary.
 */
export function checkedSteps(page: Page) {
  const pageErrors: string[] = [];
  page.on('pageerror', error =>
    pageErrors.push(`uncaught on ${page.url()}: ${error.message}`),
  );
  page.on('console', message => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    if (
      /service-?mesh/i.test(message.text()) ||
      where.includes('/api/service-mesh')
    ) {
      pageErrors.push(`console error on ${page.url()}: ${message.text()}`);
    }
  });
  const errorBoundary = page.getByText(/something went wrong/i);
  const checkedStep = (name: string, body: () => Promise<void>) =>
    test.step(name, async () => {
      await body();
      await expect(
        errorBoundary,
        `Backstage's error boundary on ${page.url()}`,
      ).toHaveCount(0);
      expect(pageErrors, `errors in the page by "${name}"`).toEqual([]);
    });
  return { checkedStep, pageErrors };
}

/** Attaches the portal's log to a failed test. */
export function attachPortalLogOnFailure() {
  test.afterEach(async ({}, testInfo) => {
    if (testInfo.status === testInfo.expectedStatus) return;
    if (existsSync(portalLog)) {
      // the last lines but the app's static files, which the backend logs too
      const tail = readFileSync(portalLog, 'utf8')
        .split('\n')
        .filter(line => !line.includes('"GET /static/'))
        .slice(-300);
      await testInfo.attach('portal.log (last 300 lines but static files)', {
        body: tail.join('\n'),
        contentType: 'text/plain',
      });
    }
  });
}
