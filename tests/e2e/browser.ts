// Chromium for the e2e suite and bench/page.ts: Debian's package, headless, with console and CSP errors collected per page.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { password } from './server.ts';

export const chromiumPath = '/usr/bin/chromium';
export const haveChromium = existsSync(chromiumPath);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Console errors (CSP violations included) and uncaught exceptions seen so far. */
  errors: string[];
}

/** A fresh browser context signed in through the sign-in page. */
export async function signedIn(browser: Browser, url: string, username: string, options: { width?: number; height?: number; bypassCSP?: boolean } = {}): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 }, bypassCSP: options.bypassCSP ?? false, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  // Land on a light page after signing in; each test opens the pages it checks.
  await page.goto(`${url}/sign-in?next=${encodeURIComponent('/time-in-services')}`);
  await page.waitForSelector('#username');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('form.sign-in button[type=submit]');
  await page.waitForSelector('main[data-state=ready] h1:not(#sign-in-title)');
  return { context, page, errors };
}

/** Goes to a dashboard path and waits until its charts are drawn. */
export async function open(page: Page, url: string, path: string): Promise<void> {
  await page.goto(`${url}${path}`);
  await page.waitForSelector('main[data-state=ready]');
}

/** GETs an API path with the page's own session (so the role is the page's). */
export function apiJson<T = any>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => {
    const response = await fetch(p, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`${p}: HTTP ${response.status}`);
    return response.json();
  }, path) as Promise<T>;
}

/** Number of marks a chart drew in the Plot mark group with this class. */
export function markCount(page: Page, chart: string, markClass: string): Promise<number> {
  return page.locator(`figure[data-chart="${chart}"] svg g.${markClass} > *`).count();
}
