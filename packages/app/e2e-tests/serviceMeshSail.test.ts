import { expect, Page, test } from '@playwright/test';
import {
  attachPortalLogOnFailure,
  captureToken,
  checkedSteps,
  chooseTemplate,
  expectObservedV2,
  followTask,
  serviceRow,
  services,
  sidecarLabels,
  signInAsGuest,
} from './journey';

/*
 * The guide the OSSM 3 way, after the OSSM 2 journey (serviceMesh.test.ts,
 * which runs first): the guest removes their Maistra mesh with the teardown
 * template, runs the mesh template again with the Sail flavour (an Istio
 * resource, label injection, a Gateway API Gateway and an HTTPRoute splitting
 * front-end over per-version Services), sees it on the mesh card and shifts
 * the HTTPRoute to 50/50 from the tab.
 */

const user = 'guest';
const systemPath = `/catalog/${user}-sockshop/system/sockshop`;
const driftTolerance = 10;

/**
 * Fills the user id on the form's first page, runs `pages[i]` on page i
 * (Next after each, Review after the last) and creates the task.
 */
async function fillAndCreate(page: Page, pages: Array<() => Promise<void>>) {
  await page.getByRole('textbox', { name: 'User id' }).fill(user);
  for (const [index, onPage] of pages.entries()) {
    await onPage();
    const last = index === pages.length - 1;
    await page.getByRole('button', { name: last ? 'Review' : 'Next' }).click();
  }
  await expect(
    page.getByRole('cell', { name: user, exact: true }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Create' }).click();
}

const asIs = async () => {};

attachPortalLogOnFailure();

test('the guide the OSSM 3 way: Sail flavour, Gateway API HTTPRoute on the card, shifted from the tab', async ({
  page,
}) => {
  // a teardown, a template run and the rollout of every pod
  test.setTimeout(10 * 60_000);
  const token = captureToken(page);
  const { checkedStep, pageErrors } = checkedSteps(page);

  await checkedStep('sign in as guest', () => signInAsGuest(page));

  await checkedStep("remove the guest's OSSM 2 mesh", async () => {
    await chooseTemplate(page, "Remove a SockShop's service mesh");
    await fillAndCreate(page, [asIs]);
    await followTask(page, token());
  });

  await checkedStep(
    'run the mesh template with the OSSM 3 (Sail) flavour',
    async () => {
      await chooseTemplate(page, 'SockShop in OpenShift Service Mesh');
      await fillAndCreate(page, [
        asIs,
        async () => {
          await page.getByRole('button', { name: /^Service Mesh/ }).click();
          await page
            .getByRole('option', { name: /^OSSM 3 \/ upstream Istio/ })
            .click();
          await expect(
            page.getByRole('button', { name: /^Data plane \(OSSM 3\)/ }),
          ).toContainText('Sidecars');
        },
        asIs,
        asIs,
      ]);
      await followTask(page, token());
    },
  );

  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByRole('table', { name: 'Services' }) });
  const cardTable = card.getByRole('table', { name: 'Services' });

  await checkedStep(
    'the mesh card: sidecars by label injection, front-end 80/20 on the HTTPRoute and its observed split',
    async () => {
      await page
        .getByRole('link', { name: 'Your SockShop in the catalog' })
        .click();
      await expect(page).toHaveURL(systemPath);
      const summary = card.getByLabel('Control plane and membership');
      await expect(summary).toContainText(`in ${user}-istio-system`);
      await expect(summary).toContainText('in the mesh');
      // the per-version Services and the Gateway's own are no services of the app
      await expect(cardTable.locator('tbody th')).toHaveText(services);
      await expect
        .poll(
          () =>
            cardTable
              .getByLabel(/^Sidecar of /)
              .evaluateAll(chips =>
                chips.map(c => c.getAttribute('aria-label')),
              ),
          { timeout: 90_000, message: 'sidecar chips' },
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
        120_000,
      );
    },
  );

  await checkedStep('the mesh tab: shift the HTTPRoute to 50/50', async () => {
    await page.getByRole('link', { name: 'Service mesh', exact: true }).click();
    const traffic = page.getByRole('group', { name: 'Traffic of front-end' });
    await expect(traffic.getByText(/^HTTPRoute /)).toBeVisible();
    const v1 = traffic.getByRole('spinbutton', {
      name: 'Weight of front-end-v1 for front-end',
    });
    const v2 = traffic.getByRole('spinbutton', {
      name: 'Weight of front-end-v2 for front-end',
    });
    await expect(v1).toHaveValue('80');
    await expect(v2).toHaveValue('20');
    await v1.fill('50');
    await v2.fill('50');
    await traffic.getByRole('button', { name: 'Apply weights' }).click();
    const dialog = page.getByRole('dialog', {
      name: 'Shift traffic of front-end?',
    });
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    const refused = traffic
      .getByRole('form', { name: 'Traffic weights of front-end' })
      .getByRole('alert');
    const shifted = traffic.getByRole('img', {
      name: 'Configured weights of front-end: v1 50%, v2 50%',
    });
    await expect(shifted.or(refused).first()).toBeVisible();
    if (await refused.isVisible()) {
      throw new Error(
        `shifting front-end failed: ${await refused.innerText()}`,
      );
    }
    await expect(dialog).toBeHidden();
    await expect(v1).toHaveValue('50');
  });

  await checkedStep(
    'back on the overview: the card shows 50/50 and traffic follows',
    async () => {
      await page.getByRole('link', { name: 'Overview', exact: true }).click();
      const frontEnd = serviceRow(cardTable, 'front-end');
      await expect(
        frontEnd.getByRole('img', {
          name: 'Configured weights of front-end: v1 50%, v2 50%',
        }),
      ).toBeVisible({ timeout: 30_000 });
      await expectObservedV2(
        frontEnd,
        'v2 at 30% or more',
        share => share >= 30,
        120_000,
      );
    },
  );

  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
});
