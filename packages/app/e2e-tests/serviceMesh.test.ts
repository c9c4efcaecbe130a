import { expect, Page, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  attachPortalLogOnFailure,
  captureToken,
  checkedSteps,
  chooseTemplate,
  escapeRegExp,
  followTask,
  expectObservedV2,
  kialiServiceHealth,
  sandboxAdminRequest,
  screenshots,
  serviceRow,
  services,
  sidecarLabels,
  signInAsGuest,
} from './journey';

/*
 * The whole journey against the portal that scripts/e2e-portal.mjs starts (production
 * build served by the backend, the mesh sandbox, Prometheus): sign in as
 * guest, run the mesh template for the guest's own user id, follow the task, then see their
 * SockShop on the mesh card, shift front-end to 50/50 on the mesh tab, and
 * see the new weights on the card. Writes the screenshots of the card and
 * the tab to plugins/service-mesh/docs/screenshots/.
 */

/** The guest's own user id: the portal's policy lets a user provision only their own namespaces. */
const user = 'guest';
const templateTitle = 'SockShop in OpenShift Service Mesh';
const systemPath = `/catalog/${user}-sockshop/system/sockshop`;
/** The backend's drift threshold: observed and configured within 10 points. */
const driftTolerance = 10;

/**
 * Fills the tab's rollout form of front-end, v1 stable and v2 canary, with a
 * plan that checks every 15 s and bakes no longer, and starts it.
 */
async function startFrontEndRollout(page: Page) {
  const delivery = page.getByRole('group', {
    name: 'Progressive delivery of front-end',
  });
  const form = delivery.getByRole('form', { name: 'New rollout of front-end' });
  for (const [select, subset] of [
    ['Stable subset of front-end', 'v1'],
    ['Canary subset of front-end', 'v2'],
  ]) {
    await form.getByRole('button', { name: new RegExp(`^${select}`) }).click();
    await page.getByRole('option', { name: subset, exact: true }).click();
  }
  const fill = (label: string, value: string) =>
    form.getByLabel(`${label} for front-end`, { exact: true }).fill(value);
  await fill('Steps (canary %)', '60, 80');
  await fill('Bake per step (s)', '0');
  await fill('Check interval', '15s');
  await fill('Min success rate (%)', '95');
  await fill('Max p99 latency (ms)', '500');
  await fill('Min requests per check', '10');
  await fill('Failed checks to roll back', '1');
  await form.getByRole('button', { name: 'Start rollout' }).click();
  await expect(
    delivery.getByRole('button', { name: 'Pause the rollout of front-end' }),
  ).toBeVisible();
  return delivery;
}

attachPortalLogOnFailure();

test('provision SockShop in the mesh for the guest, see it on the mesh card, shift its traffic', async ({
  page,
}) => {
  const token = captureToken(page);
  const { checkedStep, pageErrors } = checkedSteps(page);

  await checkedStep('sign in as guest', () => signInAsGuest(page));

  await checkedStep(`choose the template "${templateTitle}"`, () =>
    chooseTemplate(page, templateTitle),
  );

  await checkedStep(
    `fill the form: user id ${user}, every default`,
    async () => {
      await page.getByRole('textbox', { name: 'User id' }).fill(user);
      await expect(page.getByRole('textbox', { name: /^Cluster/ })).toHaveValue(
        'local',
      );
      await expect(
        page.getByRole('textbox', { name: /^Apps domain/ }),
      ).toHaveValue('apps.sandbox.local');
      await expect(
        page.getByRole('checkbox', {
          name: 'Deploy SockShop when the namespace lacks it',
        }),
      ).toBeChecked();
      await page.getByRole('button', { name: 'Next' }).click();

      await expect(
        page.getByRole('checkbox', { name: 'Mutual TLS between sidecars' }),
      ).not.toBeChecked();
      await page.getByRole('button', { name: 'Next' }).click();

      await expect(
        page.getByRole('checkbox', { name: 'Deploy front-end v2 beside v1' }),
      ).toBeChecked();
      await expect(
        page.getByRole('spinbutton', { name: 'Share of traffic for v2 (%)' }),
      ).toHaveValue('20');
      await page.getByRole('button', { name: 'Next' }).click();

      await expect(
        page.getByRole('checkbox', { name: 'Add a circuit breaker' }),
      ).toBeChecked();
      await page.getByRole('button', { name: 'Review' }).click();

      await expect(
        page.getByRole('cell', { name: user, exact: true }),
      ).toBeVisible();
      await page.getByRole('button', { name: 'Create' }).click();
    },
  );

  await checkedStep('follow the task until every step succeeded', () =>
    followTask(page, token()),
  );

  await checkedStep(
    "open the guest's SockShop system from the task's output",
    async () => {
      await page
        .getByRole('link', { name: 'Your SockShop in the catalog' })
        .click();
      await expect(page).toHaveURL(systemPath);
      await expect(
        page.getByRole('heading', { name: `sockshop (${user}-sockshop)` }),
      ).toBeVisible();
    },
  );

  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByRole('table', { name: 'Services' }) });
  const cardTable = card.getByRole('table', { name: 'Services' });

  await checkedStep(
    'the mesh card: sidecars, front-end 80/20 and its observed split',
    async () => {
      // app-config.yaml puts the card first on the overview
      await expect(page.locator('.MuiCard-root').first()).toContainText(
        'Service mesh',
      );
      await expect(card.first()).toBeVisible();
      await expect(
        card.getByLabel('Control plane and membership'),
      ).toContainText(`in ${user}-istio-system`);
      await expect(
        card.getByLabel('Control plane and membership'),
      ).toContainText('in the mesh');
      await expect(cardTable.locator('tbody th')).toHaveText(services);
      await expect
        .poll(
          () =>
            cardTable
              .getByLabel(/^Sidecar of /)
              .evaluateAll(chips =>
                chips.map(c => c.getAttribute('aria-label')),
              ),
          { timeout: 60_000, message: 'sidecar chips' },
        )
        .toEqual(sidecarLabels);

      const frontEnd = serviceRow(cardTable, 'front-end');
      await expect(
        frontEnd.getByRole('img', {
          name: 'Configured weights of front-end: v1 80%, v2 20%',
        }),
      ).toBeVisible();
      await expectObservedV2(
        frontEnd,
        `v2 within ${driftTolerance} points of 20%`,
        v2 => Math.abs(v2 - 20) <= driftTolerance,
        90_000,
      );
      // only front-end splits its traffic
      await expect(
        cardTable.getByRole('img', { name: /^Configured weights/ }),
      ).toHaveCount(1);

      // the health the local cluster's Kiali reports: front-end's requests, all
      // answered 2xx, are Healthy under Kiali's tolerances, and the tooltip says so
      const kiali = await kialiServiceHealth(`${user}-sockshop`);
      const frontEndCodes = Object.keys(
        kiali['front-end'].requests.inbound.http ?? {},
      );
      expect(frontEndCodes.length).toBeGreaterThan(0);
      expect(frontEndCodes.every(code => /^2\d\d$/.test(code))).toBe(true);
      const health = frontEnd.getByText('Healthy', { exact: true });
      await expect(health).toBeVisible();
      await health.hover();
      await expect(page.getByRole('tooltip')).toContainText(
        "0.00% errors, below every threshold (Kiali's tolerances applied to Kiali's request rates",
      );
      await page.mouse.move(0, 0);

      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({
        path: join(screenshots, 'service-mesh-card.png'),
      });
    },
  );

  await checkedStep(
    'the traffic graph: the ingress gateway to front-end v1 and v2 at about 80/20',
    async () => {
      await page
        .getByRole('link', { name: 'Service mesh', exact: true })
        .click();
      const graph = page.getByRole('group', {
        name: `Traffic graph of ${user}-sockshop over the last 5m`,
      });
      // each edge is an image named "<caller> to <callee>: <share>% of <caller>'s requests, ..."
      const shareFromGateway = async (target: string) => {
        const edge = graph.getByRole('img', {
          name: new RegExp(
            `^istio-ingressgateway to ${escapeRegExp(target)}: `,
          ),
        });
        if ((await edge.count()) === 0) return undefined;
        const name = (await edge.getAttribute('aria-label')) ?? '';
        return Number(name.match(/: ([\d.]+)% of /)?.[1]);
      };
      await expect
        .poll(
          async () => {
            const [v1, v2] = [
              await shareFromGateway('front-end v1'),
              await shareFromGateway('front-end v2'),
            ];
            return v1 !== undefined &&
              v2 !== undefined &&
              Math.abs(v1 - 80) <= driftTolerance &&
              Math.abs(v2 - 20) <= driftTolerance
              ? 'about 80/20'
              : `v1 ${v1}%, v2 ${v2}%`;
          },
          {
            timeout: 90_000,
            intervals: [1000],
            message: 'shares in the graph',
          },
        )
        .toBe('about 80/20');
      await expect(
        graph.getByRole('img', {
          name: /^istio-ingressgateway \(ingress gateway\)/,
        }),
      ).toBeVisible();
      await page
        .locator('.MuiCard-root')
        .filter({ has: graph })
        .screenshot({ path: join(screenshots, 'service-mesh-graph.png') });
    },
  );

  await checkedStep('the mesh tab: shift front-end to 50/50', async () => {
    await page.getByRole('link', { name: 'Service mesh', exact: true }).click();
    await expect(page).toHaveURL(`${systemPath}/service-mesh`);
    const traffic = page.getByRole('group', { name: 'Traffic of front-end' });
    await expect(
      traffic.getByRole('img', {
        name: 'Configured weights of front-end: v1 80%, v2 20%',
      }),
    ).toBeVisible();
    await expect(
      traffic.getByText(/^observed v1 \d+%, v2 \d+%$/),
    ).toBeVisible();
    const v1 = traffic.getByRole('spinbutton', {
      name: 'Weight of v1 for front-end',
    });
    const v2 = traffic.getByRole('spinbutton', {
      name: 'Weight of v2 for front-end',
    });
    await expect(v1).toHaveValue('80');
    await expect(v2).toHaveValue('20');
    // Prometheus's history of front-end, drawn in the observed traffic table
    await expect(
      page.getByRole('table', { name: 'Observed traffic' }).getByRole('img', {
        name: /^Request rate of front-end over the last 30 minutes: .* req\/s/,
      }),
    ).toBeVisible({ timeout: 60_000 });
    await page.screenshot({ path: join(screenshots, 'service-mesh-tab.png') });

    await v1.fill('50');
    await v2.fill('50');
    await traffic.getByRole('button', { name: 'Apply weights' }).click();
    const dialog = page.getByRole('dialog', {
      name: 'Shift traffic of front-end?',
    });
    await expect(dialog).toContainText(
      'changes from v1 80%, v2 20% to v1 50%, v2 50%',
    );
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    const shifted = traffic.getByText(
      'Traffic of front-end shifted to v1 50%, v2 50%.',
    );
    // what the backend answered when it refused, shown under the inputs
    const refused = traffic
      .getByRole('form', { name: 'Traffic weights of front-end' })
      .getByRole('alert');
    await expect(shifted.or(refused).first()).toBeVisible();
    if (await refused.isVisible()) {
      throw new Error(
        `shifting front-end failed: ${await refused.innerText()}`,
      );
    }
    await expect(shifted).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(
      traffic.getByRole('img', {
        name: 'Configured weights of front-end: v1 50%, v2 50%',
      }),
    ).toBeVisible();
    await expect(v1).toHaveValue('50');
    await expect(v2).toHaveValue('50');
    const routes = page.getByRole('table', { name: 'Routes' });
    await expect(
      routes.getByRole('row').filter({ hasText: 'front-end' }),
    ).toHaveCount(2);
    for (const row of await routes
      .getByRole('row')
      .filter({ hasText: 'front-end' })
      .all()) {
      await expect(
        row.getByRole('cell', { name: '50%', exact: true }),
      ).toBeVisible();
    }
  });

  await checkedStep(
    'back on the overview: the card shows 50/50 and traffic follows',
    async () => {
      await page.getByRole('link', { name: 'Overview', exact: true }).click();
      await expect(page).toHaveURL(systemPath);
      const frontEnd = serviceRow(cardTable, 'front-end');
      await expect(
        frontEnd.getByRole('img', {
          name: 'Configured weights of front-end: v1 50%, v2 50%',
        }),
      ).toBeVisible({ timeout: 30_000 });
      // the 1 minute window moves from 20 % towards 50 % for v2
      await expectObservedV2(
        frontEnd,
        'v2 at 30% or more',
        share => share >= 30,
        120_000,
      );
    },
  );

  await checkedStep(
    'the mesh tab: a guarded rollout of front-end v2 promotes, and one on a failing v2 rolls back',
    async () => {
      await page
        .getByRole('link', { name: 'Service mesh', exact: true })
        .click();
      const delivery = await startFrontEndRollout(page);
      const timeline = delivery.getByRole('table', {
        name: 'Timeline of the rollout of front-end',
      });
      await expect(timeline.getByRole('row').nth(1)).toContainText('start');
      await expect(
        delivery.getByLabel('Rollout of front-end: promoted'),
      ).toBeVisible({ timeout: 120_000 });
      await expect(timeline).toContainText('promoted, v2 at 100 %');
      await expect(timeline).toContainText('step 2 at 80 %');
      await expect(
        delivery.getByRole('figure', {
          name: /^Rollout of front-end v2 from .* 2 checks with figures$/,
        }),
      ).toBeVisible();
      const traffic = page.getByRole('group', { name: 'Traffic of front-end' });
      await expect(
        traffic.getByRole('img', {
          name: 'Configured weights of front-end: v1 0%, v2 100%',
        }),
      ).toBeVisible();

      // v2 now answers half of its requests with 503
      expect(
        await sandboxAdminRequest('POST', '/_sandbox/workload-faults', {
          namespace: `${user}-sockshop`,
          app: 'front-end',
          version: 'v2',
          errorRate: 0.5,
        }),
      ).toBe(201);
      try {
        await startFrontEndRollout(page);
        await expect(
          delivery.getByLabel('Rollout of front-end: rolled back'),
        ).toBeVisible({ timeout: 120_000 });
        await expect(timeline).toContainText('failed 1 of 1 checks: success');
        await expect(timeline).toContainText('rolled back, v2 to 0 %');
        await expect(
          traffic.getByRole('img', {
            name: 'Configured weights of front-end: v1 100%, v2 0%',
          }),
        ).toBeVisible();
        await delivery.screenshot({
          path: join(screenshots, 'service-mesh-rollout.png'),
        });
      } finally {
        await sandboxAdminRequest('DELETE', '/_sandbox/workload-faults');
      }
    },
  );

  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
});
