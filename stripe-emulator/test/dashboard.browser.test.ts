import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sessionParams, startHarness, waitFor, type Harness } from './support/harness.js';
import { launchChromium } from './support/browser.js';

/** The dashboard in real Chromium: live updates over Server-Sent Events, Resend, the test clock. */
let browser: Browser;
let h: Harness;
let context: BrowserContext | undefined;
const requested: string[] = [];

beforeAll(async () => {
  [browser, h] = await Promise.all([launchChromium(), startHarness()]);
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser.close();
  await h.close();
  // The dashboard never reaches the network: only the emulator was requested.
  expect(requested.filter((url) => !url.startsWith(h.emulator.url))).toEqual([]);
});

async function newPage(options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
  context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
  });
  context.on('request', (request) => requested.push(request.url()));
  return context.newPage();
}

/** Opens a dashboard page and waits until its live connection is up. */
async function openLive(page: Page, path: string): Promise<void> {
  await page.goto(`${h.emulator.url}${path}`);
  await expect.poll(() => page.locator('#live-status').textContent()).toBe('Live updates on');
  // Marks this document: a reload would lose the mark.
  await page.evaluate("document.body.dataset.mark = 'same-document'");
}

async function sameDocument(page: Page): Promise<boolean> {
  return (await page.evaluate<string | undefined>('document.body.dataset.mark')) === 'same-document';
}

function rowText(page: Page, id: string): Promise<string | null> {
  return page
    .locator('tr', { has: page.locator(`a:text-is("${id}")`) })
    .first()
    .innerText({ timeout: 1000 })
    .then((t) => t?.replace(/\s+/g, ' ').trim() ?? null)
    .catch(() => null);
}

describe('dashboard in Chromium', () => {
  it('a session paid through the control API appears live, without a reload', async () => {
    const page = await newPage();
    await openLive(page, '/dashboard/checkout_sessions');
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    await expect.poll(() => rowText(page, session.id), { timeout: 10_000 }).toMatch(/open unpaid €29\.99/);
    await h.control.pay(session.id, { card: '4242424242424242' });
    await expect.poll(() => rowText(page, session.id), { timeout: 10_000 }).toMatch(/complete paid €29\.99/);
    expect(await sameDocument(page)).toBe(true);

    // The overview's counts and latest events follow as well.
    await openLive(page, '/');
    const before = await page.locator('[data-count="events"]').textContent();
    const other = await h.stripe.checkout.sessions.create(sessionParams());
    await h.control.pay(other.id, { card: '4242424242424242' });
    await expect
      .poll(() => page.locator('[data-count="events"]').textContent(), { timeout: 10_000 })
      .not.toBe(before);
    expect(await sameDocument(page)).toBe(true);
  });

  it('clicking "Resend" (keyboard) delivers the event again, and the new attempt shows', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    await h.control.pay(session.id, { card: '4242424242424242' });
    const event = (await h.control.events(session.id)).find((e) => e.type === 'checkout.session.completed');
    const id = event?.id ?? '';
    const deliveredTimes = (): number =>
      h.receiver.webhooks().filter((r) => r.body.includes(`"id": "${id}"`)).length;
    await waitFor(() => deliveredTimes() === 1);

    const page = await newPage();
    await openLive(page, `/dashboard/events/${id}`);
    // The attempt is recorded once the receiver's answer is read: the live page shows it then.
    await expect.poll(() => page.locator('table[data-deliveries] tbody tr').count()).toBe(1);
    const resend = page.getByRole('button', { name: `Resend ${id}` });
    await resend.focus();
    await page.keyboard.press('Enter');
    await waitFor(() => deliveredTimes() === 2);
    await expect
      .poll(() => page.locator('[role="status"].notice').textContent())
      .toContain('Resent to 1 endpoint');
    await expect
      .poll(() => page.locator('table[data-deliveries] tbody tr').count(), { timeout: 10_000 })
      .toBe(2);
    expect(await page.locator('table[data-deliveries]').textContent()).toContain('resend');
  });

  it('advancing the clock updates the clock shown (button, form, and live from the control API)', async () => {
    const page = await newPage();
    await openLive(page, '/');
    const offset = page.locator('[data-clock-offset]');
    expect(await offset.textContent()).toBe('+0 s');

    await page.getByRole('button', { name: '+1 hour' }).click();
    await page.waitForURL(`${h.emulator.url}/?notice=advanced&seconds=3600`);
    await expect
      .poll(() => page.locator('[role="status"].notice').textContent())
      .toContain('Clock advanced by 1 h');
    const afterHour = (await h.control.request<{ offsetSeconds: number }>('GET', '/_emulator/clock')).body;
    expect(afterHour.offsetSeconds).toBe(3600);

    await page.getByLabel('Seconds').fill('90');
    await page.getByRole('button', { name: 'Advance' }).click();
    await page.waitForURL(`${h.emulator.url}/?notice=advanced&seconds=90`);
    expect(await offset.textContent()).toBe('+1 h 1 min 30 s');

    // Someone else (a test, the CLI) moves the clock: the page follows without a reload.
    await expect.poll(() => page.locator('#live-status').textContent()).toBe('Live updates on');
    await page.evaluate("document.body.dataset.mark = 'same-document'");
    await h.control.advance(86_400);
    await expect.poll(() => offset.textContent(), { timeout: 10_000 }).toBe('+1 d 1 h 1 min 30 s');
    expect(await sameDocument(page)).toBe(true);
  });

  it('works without JavaScript and fits a 360 px screen', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const page = await newPage({ javaScriptEnabled: false, width: 360 });
    await page.goto(`${h.emulator.url}/dashboard/checkout_sessions`);
    expect(await rowText(page, session.id)).toMatch(/open unpaid/);
    await page.getByRole('link', { name: session.id, exact: true }).click();
    await page.waitForURL(`${h.emulator.url}/dashboard/objects/${session.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(session.id);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);

    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('button', { name: '+1 day' }).click();
    await page.waitForURL(`${h.emulator.url}/?notice=advanced&seconds=86400`);
    expect(await page.locator('[role="status"].notice').textContent()).toContain('Clock advanced by 1 d');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    for (const path of ['/dashboard/checkout_sessions', '/dashboard/events', '/dashboard/deliveries']) {
      await page.goto(`${h.emulator.url}${path}`);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth'), path).toBeLessThanOrEqual(
        360,
      );
    }
  });
});
