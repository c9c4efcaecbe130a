import { expect, Locator, Page, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';

/* What the end-to-end journeys share: the portal's files, the task API, the card's rows and the local cluster's endpoints. */

export const root = join(__dirname, '../../..');
export const screenshots = join(root, 'plugins/service-mesh/docs/screenshots');
const portalLog = join(root, 'node_modules/.cache/e2e/portal.log');

/** The services of guest-sockshop (deployed by the template), as the card sorts them. */
export const services = [
  'carts',
  'carts-db',
  'catalogue',
  'catalogue-db',
  'front-end',
  'orders',
  'orders-db',
  'payment',
  'queue-master',
  'rabbitmq',
  'shipping',
  'user',
  'user-db',
];
/** The card's sidecar chips: each service runs one pod; front-end runs v1 and the v2 canary. */
export const sidecarLabels = services.map(
  service =>
    `Sidecar of ${service}: ${
      service === 'front-end' ? '2/2' : '1/1'
    } pods with sidecar`,
);

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

/** Signs in with the guest provider, from the create page. */
export async function signInAsGuest(page: Page) {
  await page.goto('/create');
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.click();
  await expect(enter).toBeHidden();
}

/** Chooses a template on the create page by its title. */
export async function chooseTemplate(page: Page, title: string) {
  await page.goto('/create');
  const heading = page.getByRole('heading', { name: title, exact: true });
  // The catalog reads the template files once the backend is up; a page
  // loaded before that lists no templates until it is loaded again.
  let attempt = 0;
  await expect(async () => {
    if (attempt++ > 0) await page.reload();
    await expect(heading).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 90_000 });
  await page
    .locator('.MuiCard-root')
    .filter({ has: heading })
    .getByRole('button', { name: 'Choose' })
    .click();
}

/**
 * Follows the task the form created until it ended, and fails with its log
 * unless every step completed or was skipped (its `if:` false, e.g. the other
 * mesh flavour's steps); the page must show every step and the last one
 * finished.
 */
export async function followTask(page: Page, token: string) {
  await expect(page).toHaveURL(/\/create\/tasks\/[0-9a-f-]+$/);
  const taskId = new URL(page.url()).pathname.split('/').pop()!;
  // Start Over is enabled once the task has ended, whichever way.
  const ended = page.getByRole('button', { name: 'Start Over' });
  try {
    await expect(ended).toBeEnabled({ timeout: 3 * 60_000 });
  } catch (error) {
    const task = await readTask(page, token, taskId);
    throw new Error(
      `task ${taskId} did not end within 3 minutes (${task.status}); its log:\n${task.log}`,
      { cause: error },
    );
  }
  const task = await readTask(page, token, taskId);
  const unfinished = task.steps.filter(
    step => step.status !== 'completed' && step.status !== 'skipped',
  );
  if (task.status !== 'completed' || unfinished.length > 0) {
    throw new Error(
      `task ${taskId} ended ${task.status}; ${unfinished
        .map(step => `step "${step.name}" ${step.status}`)
        .join(', ')}; its log:\n${task.log}`,
    );
  }
  // what the page shows agrees: every step, and the log's last line
  await expect(page.getByTestId('step-label')).toHaveText(
    task.steps.map(step => new RegExp(`^${escapeRegExp(step.name)}`)),
  );
  const lastStep = task.steps[task.steps.length - 1].name;
  await expect(page.getByText(`Finished step ${lastStep}`)).toBeVisible();
}
