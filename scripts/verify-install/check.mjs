// Step 6: the fresh app in Debian's Chromium, as a person would use it: sign
// in as guest, open the annotated Component and see the mesh card with what
// the cluster runs (the service and its sidecars, counted here with kubectl),
// then open /create/actions and see every action the scaffolder module's
// README lists. Any uncaught page error, or Backstage's error page, fails it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { component, labelSelector, namespace } from './fixture.mjs';

const chromiumPath = '/usr/bin/chromium';
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** The `servicemesh:` actions of the scaffolder module's README table. */
export function documentedActions(root) {
  const readme = readFileSync(
    join(root, 'plugins/scaffolder-backend-module-service-mesh/README.md'),
    'utf8',
  );
  const actions = [...readme.matchAll(/^\| `(servicemesh:[\w:-]+)`/gm)].map(
    match => match[1],
  );
  if (actions.length === 0) {
    throw new Error(
      'plugins/scaffolder-backend-module-service-mesh/README.md lists no `servicemesh:` action in its table',
    );
  }
  return actions;
}

function isReady(pod) {
  return (pod.status?.conditions ?? []).some(
    c => c.type === 'Ready' && c.status === 'True',
  );
}

/**
 * The component's ready pods and how many run the istio-proxy container, as
 * kubectl reads them with the sandbox's kubeconfig (the portal's account).
 */
function clusterPods(kubeconfig) {
  const out = execFileSync(
    'kubectl',
    [
      '--kubeconfig',
      kubeconfig,
      'get',
      'pods',
      '-n',
      namespace,
      '-l',
      labelSelector,
      '-o',
      'json',
    ],
    { encoding: 'utf8' },
  );
  const ready = JSON.parse(out).items.filter(isReady);
  const withProxy = ready.filter(pod =>
    (pod.spec?.containers ?? []).some(c => c.name === 'istio-proxy'),
  );
  return { ready: ready.length, withProxy: withProxy.length };
}

/** Waits (bounded) until every pod of the component is ready with its proxy. */
async function expectedSidecarLabel(kubeconfig) {
  const deadline = Date.now() + 120_000;
  let pods = clusterPods(kubeconfig);
  while (!(pods.ready > 0 && pods.withProxy === pods.ready)) {
    if (Date.now() > deadline) {
      throw new Error(
        `the cluster's ${component} pods in ${namespace} are not all ready with a sidecar: ${pods.withProxy} of ${pods.ready} ready pods run istio-proxy`,
      );
    }
    await sleep(1000);
    pods = clusterPods(kubeconfig);
  }
  return `Sidecar of ${component}: ${pods.withProxy}/${pods.ready} pods with sidecar`;
}

/** Fails on what the page collected or shows; the caller names the step. */
async function noErrorPage(page, pageErrors) {
  if (pageErrors.length > 0) {
    throw new Error(pageErrors.join(' | '));
  }
  if (await page.getByText(/something went wrong/i).count()) {
    throw new Error('Backstage shows its error page');
  }
  const failedExtension = page.getByText(
    /Error in extension '[^']*service-mesh/,
  );
  if (await failedExtension.count()) {
    throw new Error(await failedExtension.first().textContent());
  }
}

/**
 * Runs the browser checks against the fresh app on `baseUrl`; writes
 * screenshots (also of a failure) into `outDir`. Returns what it saw.
 */
export async function checkInBrowser({ root, baseUrl, kubeconfig, outDir }) {
  const sidecarLabel = await expectedSidecarLabel(kubeconfig);
  const actions = documentedActions(root);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
  });
  page.setDefaultTimeout(30_000);
  // as yarn e2e: uncaught errors, and console errors and failed requests of
  // the service mesh plugins (the fresh app's own may log errors of its own)
  const pageErrors = [];
  page.on('pageerror', error =>
    pageErrors.push(`uncaught on ${page.url()}: ${error.message}`),
  );
  page.on('console', message => {
    if (message.type() !== 'error') return;
    if (
      /service-?mesh/i.test(message.text()) ||
      message.location().url.includes('/api/service-mesh')
    ) {
      pageErrors.push(`console error on ${page.url()}: ${message.text()}`);
    }
  });
  page.on('response', response => {
    if (
      response.url().includes('/api/service-mesh') &&
      response.status() >= 400
    ) {
      pageErrors.push(`${response.status()} from ${response.url()}`);
    }
  });
  let step = 'sign in as guest';
  try {
    await page.goto(baseUrl);
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.click();
    await enter.waitFor({ state: 'hidden' });

    step = `the mesh card on component ${component}`;
    const entityUrl = `${baseUrl}/catalog/default/component/${component}`;
    const chip = page.getByLabel(sidecarLabel, { exact: true });
    // the catalog ingests the entity a few seconds after the backend starts
    const deadline = Date.now() + 90_000;
    await page.goto(entityUrl);
    while (!(await chip.isVisible())) {
      if (pageErrors.length > 0) await noErrorPage(page, pageErrors);
      if (Date.now() > deadline) {
        throw new Error(`no chip "${sidecarLabel}" on ${entityUrl}`);
      }
      if (await page.getByText(/No such entity|not found/i).count()) {
        await sleep(2000);
        await page.goto(entityUrl);
      } else {
        await sleep(500);
      }
    }
    await noErrorPage(page, pageErrors);
    await page.screenshot({
      path: join(outDir, 'mesh-card.png'),
      fullPage: true,
    });

    step = 'the servicemesh: actions on /create/actions';
    await page.goto(`${baseUrl}/create/actions`);
    const missing = [];
    await page.getByText(actions[0], { exact: true }).first().waitFor();
    for (const action of actions) {
      if (!(await page.getByText(action, { exact: true }).count())) {
        missing.push(action);
      }
    }
    if (missing.length > 0) {
      throw new Error(`/create/actions does not list ${missing.join(', ')}`);
    }
    await noErrorPage(page, pageErrors);
    await page.screenshot({
      path: join(outDir, 'actions.png'),
      fullPage: true,
    });
    return { sidecarLabel, actions };
  } catch (error) {
    await page
      .screenshot({ path: join(outDir, 'failure.png'), fullPage: true })
      .catch(() => {});
    throw new Error(
      `${step}: ${error.message} (screenshot ${join(outDir, 'failure.png')})`,
    );
  } finally {
    await browser.close();
  }
}
