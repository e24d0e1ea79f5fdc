// What the browser apps' tests share: real Chromium (never downloaded), waiting assertions on
// locators, axe-core, screenshots into docs/screenshots.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
const axeSource = require.resolve('axe-core/axe.min.js');
export const screenshots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

/** Debian's Chromium, headless (playwright-core's default; no --headless flag, it broke screenshots). */
/**
 * The browsers of parents, providers, offices and planners run on German time: every context gets
 * it, so that a page's "today" is the API's (`today()` in @kita/shared is Berlin's) also between
 * 23:00 and 24:00 UTC, when the machine's UTC calendar is a day behind.
 */
export const timezoneId = 'Europe/Berlin';

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });

// Waiting assertions on locators (vitest's expect has no Playwright matchers).
// When what was awaited never shows, the error names the page's alerts (an error notice instead of it).
export const shows = async (locator: Locator) => {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: 20_000 });
  } catch (error) {
    const alerts = await locator
      .page()
      .getByRole('alert')
      .allInnerTexts()
      .catch(() => []);
    if (error instanceof Error && alerts.length) error.message += `\nAlerts on the page: ${alerts.map((text) => JSON.stringify(text.trim())).join(', ')}`;
    throw error;
  }
};
export const hides = (locator: Locator) => locator.first().waitFor({ state: 'hidden', timeout: 20_000 });
// biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; the rendered text is what a person reads
export const textOf = (locator: Locator) => expect.poll(async () => ((await locator.count()) ? (await locator.innerText()).trim() : ''), { timeout: 20_000 });
export const attributeOf = (locator: Locator, name: string) => expect.poll(() => locator.getAttribute(name), { timeout: 20_000 });

/** No serious or critical WCAG 2.1 A/AA violation on the page as it is now. */
export async function expectAccessible(page: Page, state: string) {
  await page.addScriptTag({ path: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await (globalThis as any).axe.run((globalThis as any).document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return result.violations
      .filter((violation: any) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation: any) => `${violation.id}: ${violation.nodes.map((node: any) => node.target.join(' ')).join(', ')}`);
  });
  expect(violations, `axe on ${state}`).toEqual([]);
}

/** Presses Tab until the focused element is the one described (its id or its text), as a keyboard user would. */
export async function tabTo(page: Page, what: string) {
  for (let presses = 0; presses < 80; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = (globalThis as any).document.activeElement;
      return { id: element?.id ?? '', text: (element?.textContent ?? '').trim() };
    });
    if (focused.id === what || focused.text === what || focused.text.startsWith(`${what}:`)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

export const shot = (page: Page, name: string) => page.screenshot({ path: `${screenshots}${name}.png`, fullPage: false });
