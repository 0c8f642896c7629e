// The dashboard in a real browser: every role, every page, marks counted against the API's JSON, privacy, CSV, CSP, axe.
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { longDate } from '../../dashboard/src/format.ts';
import { lastCompleteQuarters } from '../../metrics/facilitators/quarters.ts';
import { apiJson, haveChromium, launchChromium, markCount, open, signedIn, type Session } from './browser.ts';
import { password, startDashboardServer, type DashboardServer } from './server.ts';
import { accessDb } from '../../api/access/tables.ts';
import { nothingCompared } from '../../dashboard/src/pages/common.ts';

// The tests that walk every page: minutes on a slow machine (seen: 60 s and more on one 20x slower), seconds on a usual one.
const everyPage = 180_000;

const here = dirname(fileURLToPath(import.meta.url));
const screenshots = join(here, 'screenshots');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const pagesByRole = {
  leader: ['/', '/facilitators', '/equity', '/time-in-services', '/workforce', '/data'],
  supervisor: ['/', '/facilitators', '/equity', '/time-in-services', '/workforce'],
  funder: ['/', '/facilitators', '/equity', '/time-in-services', '/workforce'],
} as const;
type Role = keyof typeof pagesByRole;
const navTitles: Record<string, string> = { '/': 'Overview', '/facilitators': 'Facilitators', '/equity': 'Equity', '/time-in-services': 'Time in services', '/workforce': 'Workforce', '/data': 'Data' };

if (!haveChromium) console.warn('e2e: /usr/bin/chromium is missing, so the browser tests are skipped (apt-get install -y chromium).');

describe.skipIf(!haveChromium)('dashboard in Chromium [pglite]', () => {
  let db: TestDatabase & { dispose: () => Promise<void> };
  let server: DashboardServer;
  let browser: Browser;
  const sessions: Session[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    server = await startDashboardServer(db.warehouse, { seed: 11, clients: 600, facilitators: 20 });
    browser = await launchChromium();
    await mkdir(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.dispose();
  });

  async function as(role: Role, options: { width?: number; bypassCSP?: boolean } = {}): Promise<Session> {
    const session = await signedIn(browser, server.url, role, options);
    sessions.push(session);
    return session;
  }

  /** Text of every table cell under a header that counts people or records, across the page. */
  function countCells(page: Page): Promise<{ header: string; text: string }[]> {
    return page.evaluate(() => {
      const countHeader = /^(Cases|Events|Episodes|Closed|Still open|Separations|Hired|Left|Headcount|Rows|Open episodes|White clients)/i;
      const cells: { header: string; text: string }[] = [];
      for (const table of document.querySelectorAll('table')) {
        const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
        for (const row of table.querySelectorAll('tbody tr')) {
          [...row.children].forEach((cell, i) => {
            if (countHeader.test(headers[i] ?? '')) cells.push({ header: headers[i], text: cell.textContent ?? '' });
          });
        }
      }
      return cells;
    });
  }

  it('signs in each role, shows the name and role, and offers only the pages the role may open', async () => {
    for (const role of ['leader', 'supervisor', 'funder'] as Role[]) {
      const { page, errors } = await as(role);
      await expect(page.locator('.user-name').innerText()).resolves.toBe(role);
      const roleName = { leader: 'Agency leader', supervisor: 'Supervisor', funder: 'Funder' }[role];
      await expect(page.locator('.user-role').innerText()).resolves.toBe(roleName);
      const offered = await page.locator('header nav a').allInnerTexts();
      expect(offered).toEqual(pagesByRole[role].map((p) => navTitles[p]));
      if (role !== 'leader') {
        await open(page, server.url, '/data');
        await expect(page.locator('h1').innerText()).resolves.toBe('Not available to you');
      }
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('would notice a CSP violation: the error collector sees an inline style the policy refuses', async () => {
    const { page, errors } = await as('leader');
    expect(errors).toEqual([]);
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { color: black }';
      document.head.append(style);
    });
    await page.waitForFunction(() => true);
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/Content Security Policy/);
    await page.context().close();
  });

  it('rejects a wrong password with a message and stays on the sign-in page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.fill('#username', 'leader');
    await page.fill('#password', 'not the password');
    await page.click('form.sign-in button[type=submit]');
    await page.waitForFunction(() => document.querySelector('.form-error')?.textContent !== '');
    expect(await page.locator('.form-error').innerText()).toBe('That username and password do not match an account.');
    await context.close();
  });

  it('says why after 8 idle hours: the sign-in page notes the expired session, then returns to the page', async () => {
    const { page, errors } = await signedIn(browser, server.url, 'supervisor');
    await accessDb(db.warehouse).updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 9 * 3600_000) }).where('username', '=', 'supervisor').execute();
    await open(page, server.url, '/equity?metric=successful-exits');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.locator('#sign-in-note').innerText()).toMatch(/^Your session has ended \(after 8 hours without use/);
    await page.fill('#username', 'supervisor');
    await page.fill('#password', password);
    await page.click('form.sign-in button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/equity');
    expect(new URL(page.url()).searchParams.get('metric')).toBe('successful-exits');
    await page.waitForSelector('main[data-state=ready] h1:not(#sign-in-title)');
    expect(await page.locator('#sign-in-note').count()).toBe(0);
    // Neither the signed-out first visit nor the expired one logged a failed request.
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('draws every chart of every page with as many marks as the API returned (leader)', async () => {
    const { page, errors } = await as('leader');
    // Overview: one dot and one interval per quarter whose re-entry rate the API returned.
    await open(page, server.url, '/');
    const current = await apiJson(page, '/api/metrics/reentry');
    const quarters = await Promise.all(lastCompleteQuarters(current.params.to, 8).map((q) => apiJson(page, `/api/metrics/reentry?from=${q.from}&to=${q.to}`)));
    const withRate = quarters.filter((q) => q.overall.rate != null);
    expect(withRate.length).toBeGreaterThan(0);
    expect(await markCount(page, 'overview-reentry', 'estimate')).toBe(withRate.length);
    expect(await markCount(page, 'overview-reentry', 'interval')).toBe(withRate.filter((q) => q.overall.ciLow != null).length);
    expect(await page.locator('[data-headline="reentry"] .headline-value').innerText()).toBe(`${(current.overall.rate * 100).toFixed(1)}%`);
    expect(await page.locator('figure[data-chart^="overview-"]').count()).toBe(4);
    // Every headline states its interval, and the turnover and median trends draw theirs where the API gives both limits.
    for (const id of ['reentry', 'successful-exits', 'time-in-services', 'turnover']) {
      expect(await page.locator(`[data-headline="${id}"] .headline-detail`).innerText(), id).toMatch(/95% CI \d/);
    }
    const workforceTrend = await apiJson(page, `/api/trend?metric=workforce&count=8`);
    expect(await markCount(page, 'overview-turnover', 'interval')).toBe(workforceTrend.periods.filter((q: any) => q.turnover.allLow != null && q.turnover.allHigh != null).length);
    const medianTrend = await apiJson(page, `/api/trend?metric=time-in-services&count=8`);
    expect(await markCount(page, 'overview-time-in-services', 'interval')).toBe(medianTrend.periods.filter((q: any) => q.medianLow != null && q.medianHigh != null).length);
    expect(await markCount(page, 'overview-time-in-services', 'noted')).toBe(medianTrend.periods.filter((q: any) => q.median == null && !q.suppressed).length);
    expect(workforceTrend.periods.some((q: any) => q.turnover.allHigh > q.turnover.all)).toBe(true);
    // A quarter whose median is not reached yet says so where its point would be: with the period's last month the
    // as-of month, the latest quarter's episodes have at most three months behind them, too few for half to end.
    const lastMonth = `from=${current.asOf.slice(0, 7)}-01&to=${current.asOf}`;
    await open(page, server.url, `/?${lastMonth}`);
    const recentMedians = await apiJson(page, `/api/trend?metric=time-in-services&count=8&${lastMonth}`);
    const unreached = recentMedians.periods.filter((q: any) => q.median == null && !q.suppressed).length;
    expect(unreached).toBeGreaterThan(0);
    expect(await markCount(page, 'overview-time-in-services', 'noted')).toBe(unreached);

    // Facilitators: one funnel point per facilitator with a rate, one shrunken estimate per facilitator with one.
    await open(page, server.url, '/facilitators');
    const facilitators = await apiJson(page, '/api/facilitators?metric=reentry');
    expect(await markCount(page, 'facilitators-funnel', 'estimate')).toBe(facilitators.facilitators.filter((f: any) => f.n != null && f.rate != null).length);
    expect(await markCount(page, 'facilitators-shrunk', 'estimate')).toBe(facilitators.facilitators.filter((f: any) => f.shrunk != null).length);
    expect(await page.locator('figure[data-chart="facilitators-funnel"] svg g.limit-95 > *').count()).toBe(2);

    // Facilitator detail, reached from the table: the facilitator's and the agency's quarterly points.
    const named = facilitators.facilitators.find((f: any) => f.staffId && f.n >= 10);
    await open(page, server.url, `/facilitators/${named.staffId}?metric=reentry`);
    const detail = await apiJson(page, `/api/facilitators/${named.staffId}?metric=reentry`);
    expect(await page.locator('h1').innerText()).toBe(named.name);
    const trendPoints = detail.trend.flatMap((q: any) => [q.facilitator, q.agency]).filter((e: any) => e.rate != null).length;
    expect(await markCount(page, 'detail-trend', 'estimate')).toBe(trendPoints);
    await page.screenshot({ path: join(screenshots, 'leader-facilitator-detail.png'), fullPage: true });

    // Equity: a dot per group with a rate; every group is a row (small cells as text, never as zero).
    await open(page, server.url, '/equity');
    const equity = await apiJson(page, '/api/equity?metric=reentry&dimension=race_ethnicity');
    expect(await markCount(page, 'equity-rates', 'estimate')).toBe(equity.groups.filter((g: any) => g.rate != null && !g.suppressed).length);
    expect(await markCount(page, 'equity-rates', 'estimate') + await markCount(page, 'equity-rates', 'suppressed')).toBe(equity.groups.length);
    // The facilitator x group heat map (leaders): the 30 facilitators with the most cases (ties by staff id), one cell per
    // group they have cases in; coloured from 10 cases, hatched below; one y tick per facilitator drawn.
    const heat = await apiJson(page, '/api/facilitators?metric=reentry&by=race_ethnicity');
    const drawnRows = [...heat.facilitators].sort((a: any, b: any) => b.n - a.n || a.staffId.localeCompare(b.staffId)).slice(0, 30);
    const heatCells = drawnRows.flatMap((f: any) => f.groups);
    expect(heatCells.length).toBeGreaterThan(drawnRows.length);
    expect(await markCount(page, 'equity-heatmap', 'cell')).toBe(heatCells.filter((g: any) => g.n >= 10).length);
    expect(await markCount(page, 'equity-heatmap', 'cell-small')).toBe(heatCells.filter((g: any) => g.n < 10).length);
    // A coloured cell writes its rate over its 95% interval, both in whole percent ("50%" then "25–75").
    const rateTexts = (await page.locator('figure[data-chart="equity-heatmap"] svg g.cell-text text').allTextContents()).filter((t) => t.includes('%'));
    expect(rateTexts.length).toBe(heatCells.filter((g: any) => g.n >= 10).length);
    for (const t of rateTexts) expect(t).toMatch(/^\d+%\d+–\d+$/);
    expect(await page.locator('figure[data-chart="equity-heatmap"] svg g[data-mark="y-axis tick label"] text').count()).toBe(drawnRows.length);
    expect(await page.locator('figure[data-chart="equity-heatmap"] tbody tr').count()).toBe(heat.facilitators.length);
    // Its CSV: one row per facilitator x group of every facilitator (the table's numbers, not only the chart's).
    const heatCsvHref = await page.locator('figure[data-chart="equity-heatmap"] a.csv-link').getAttribute('href');
    const heatCsv = parse(await page.evaluate(async (h) => (await fetch(h!)).text(), heatCsvHref), { columns: true }) as Record<string, string>[];
    expect(heatCsv.length).toBe(heat.facilitators.reduce((s: number, f: any) => s + f.groups.length, 0));
    await page.screenshot({ path: join(screenshots, 'leader-equity-heatmap.png'), fullPage: true });

    // Time in services: one step curve for the agency.
    await open(page, server.url, '/time-in-services');
    expect(await markCount(page, 'time-in-services-curves', 'survival-curve')).toBe(1);

    // Workforce: one caseload point per month the API returned with a figure.
    await open(page, server.url, '/workforce');
    const workforce = await apiJson(page, '/api/metrics/workforce');
    expect(await markCount(page, 'workforce-caseload', 'estimate')).toBe(workforce.caseload.filter((c: any) => c.perFacilitator != null).length);

    // Data: the rejected row of the second import, with its reason and the row as received.
    await open(page, server.url, '/data');
    const rejectsText = await page.locator('main').innerText();
    expect(rejectsText).toContain('E2E-BAD-1');
    expect(errors).toEqual([]);
  }, everyPage);

  it('writes a filter change to the URL and redraws the chart for it', async () => {
    const { page, errors } = await as('leader');
    await open(page, server.url, '/equity');
    await page.selectOption('select[name=dimension]', 'gender');
    await page.waitForURL(/dimension=gender/);
    await page.waitForSelector('main[data-state=ready]');
    const gender = await apiJson(page, '/api/equity?metric=reentry&dimension=gender');
    const ticks = await page.locator('figure[data-chart="equity-rates"] svg g[data-mark="y-axis tick label"] text').allTextContents();
    expect(ticks).toEqual(gender.groups.map((g: any) => g.label));
    expect(await markCount(page, 'equity-rates', 'estimate')).toBe(gender.groups.filter((g: any) => g.rate != null && !g.suppressed).length);

    // The bookmark reproduces the view; going back restores the previous one.
    await open(page, server.url, `/time-in-services?by=gender`);
    const byGender = await apiJson(page, '/api/metrics/time-in-services?by=gender');
    expect(await markCount(page, 'time-in-services-curves', 'survival-curve')).toBe(byGender.groups.filter((g: any) => !g.suppressed && g.curve.length).length);
    await page.goBack();
    await page.waitForURL(/\/equity\?dimension=gender/);
    await page.waitForSelector('main[data-state=ready]');
    expect(await page.locator('select[name=dimension]').inputValue()).toBe('gender');

    // A reference group belongs to its dimension: choosing another dimension drops it.
    await page.selectOption('select[name=reference]', 'male');
    await page.waitForURL(/reference=male/);
    await page.waitForSelector('main[data-state=ready]');
    await page.selectOption('select[name=dimension]', 'age_group');
    await page.waitForURL(/dimension=age_group/);
    await page.waitForSelector('main[data-state=ready]');
    expect(new URL(page.url()).searchParams.has('reference')).toBe(false);

    // The menu carries the shared filters (period, programs, counties, window) to the next page, not the page's own.
    await open(page, server.url, '/equity?from=2023-01-01&to=2023-12-31&dimension=gender');
    await page.locator('nav[aria-label="Pages"] a', { hasText: 'Time in services' }).click();
    await page.waitForURL(/\/time-in-services\?/);
    await page.waitForSelector('main[data-state=ready]');
    const carried = new URL(page.url()).searchParams;
    expect([carried.get('from'), carried.get('to'), carried.has('dimension')]).toEqual(['2023-01-01', '2023-12-31', false]);
    expect(await page.locator('input[name=from]').inputValue()).toBe('2023-01-01');
    expect(errors).toEqual([]);
  });

  it('lets a keyboard user type a date, step through a select and tick two programs, focus staying on the control', async () => {
    const { page, errors } = await as('leader');
    const focused = () => page.evaluate(() => { const e = document.activeElement as HTMLInputElement | null; return `${e?.tagName.toLowerCase()} ${e?.name ?? ''} ${e?.value ?? ''}`; });
    // A date is typed part by part (in the locale's order); half-typed values (year 0002) are never applied, Enter applies it.
    await open(page, server.url, '/workforce');
    const order = await page.evaluate(() => new Intl.DateTimeFormat(navigator.language).formatToParts(new Date()).map((p) => p.type).filter((t) => t === 'year' || t === 'month' || t === 'day'));
    const typed = { year: '2023', month: '03', day: '15' };
    await page.focus('input[name=from]');
    await page.keyboard.type(order.map((part) => typed[part as keyof typeof typed]).join(''), { delay: 30 });
    expect(new URL(page.url()).searchParams.has('from')).toBe(false);
    await page.keyboard.press('Enter');
    await page.waitForSelector('main[data-state=ready]');
    expect(new URL(page.url()).searchParams.get('from')).toBe('2023-03-15');
    expect(await page.locator('h1').innerText()).toBe('Workforce');
    expect(await focused()).toBe('input from 2023-03-15');

    // One ArrowDown on "Compare by" applies the next dimension, and the select keeps focus for the next one.
    await open(page, server.url, '/equity');
    const next = await page.locator('select[name=dimension]').evaluate((s: HTMLSelectElement) => s.options[s.selectedIndex + 1].value);
    await page.focus('select[name=dimension]');
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('main[data-state=ready]');
    expect(new URL(page.url()).searchParams.get('dimension')).toBe(next);
    expect(await focused()).toBe(`select dimension ${next}`);

    // Space on a program applies it; the list stays open with focus on that box, so Tab and Space pick a second one.
    await page.focus('details.checklist-field summary');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.waitForSelector('main[data-state=ready]');
    const first = new URL(page.url()).searchParams.getAll('program');
    expect(first.length).toBe(1);
    expect(await focused()).toBe(`input program ${first[0]}`);
    expect(await page.locator('details.checklist-field').first().getAttribute('open')).toBe('');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.waitForSelector('main[data-state=ready]');
    const both = new URL(page.url()).searchParams;
    expect(both.getAll('program').length).toBe(2);
    expect(both.get('dimension')).toBe(next);
    expect(await focused()).toBe(`input program ${both.getAll('program')[1]}`);
    // The focus ring is seen (WCAG 1.4.11: 3:1 against the page and the header's grey) on every control Tab reaches.
    const luminance = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.slice(0, 3).map((c) => Number(c) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a: string, b: string) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05);
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      const ring = await page.evaluate(() => { const s = getComputedStyle(document.activeElement!); return { style: s.outlineStyle, colour: s.outlineColor }; });
      expect(ring.style).toBe('solid');
      for (const background of ['rgb(255, 255, 255)', 'rgb(244, 246, 248)']) expect(contrast(ring.colour, background)).toBeGreaterThanOrEqual(3);
    }
    expect(errors).toEqual([]);
  });

  it("captions each figure first, describes each chart beyond its caption, and dates each Overview card", async () => {
    const { page, errors } = await as('leader');
    await open(page, server.url, '/');
    const figures = await page.locator('figure.chart-figure').evaluateAll((nodes) => nodes.map((f) => ({
      first: f.firstElementChild?.tagName,
      caption: f.querySelector('figcaption .takeaway')?.textContent ?? '',
      desc: f.querySelector('svg desc')?.textContent ?? '',
    })));
    expect(figures.length).toBeGreaterThan(0);
    for (const f of figures) {
      expect(f.first).toBe('FIGCAPTION');
      expect(f.desc.length).toBeGreaterThan(f.caption.length);
      expect(f.desc.endsWith(f.caption)).toBe(true);
    }
    // Each figure's title (h3) sits under a heading of its own, not the section before it (the outline a screen
    // reader lists).
    const headingAbove = (path: string) => open(page, server.url, path).then(() => page.locator('figure.chart-figure h3').evaluateAll((titles) => titles.map((t) => {
      const h2s = [...document.querySelectorAll('main h2')].filter((h) => h.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
      return h2s.at(-1)?.textContent;
    })));
    expect(new Set(await headingAbove('/'))).toEqual(new Set(['Trends by quarter']));
    expect(new Set(await headingAbove('/equity'))).toEqual(new Set(['Re-entry within 12 months by race and ethnicity', 'Facilitators by group']));
    await open(page, server.url, '/');
    // Re-entry's default period lies a follow-up window before the others': each card says its own.
    const reentry = await apiJson(page, '/api/metrics/reentry');
    const exits = await apiJson(page, '/api/metrics/successful-exits');
    expect(reentry.params.from).not.toBe(exits.params.from);
    const period = (id: string) => page.locator(`[data-headline="${id}"] .headline-period`).innerText();
    expect(await period('reentry')).toBe(`${longDate(reentry.params.from)} to ${longDate(reentry.params.to)}`);
    expect(await period('successful-exits')).toBe(`${longDate(exits.params.from)} to ${longDate(exits.params.to)}`);
    expect(errors).toEqual([]);
  });

  it('never shows a funder a facilitator name or a count from 1 to 10', async () => {
    const { page, errors } = await as('funder');
    const names = server.staff.map((s) => s.name);
    let countsChecked = 0;
    let csvRowsChecked = 0;
    for (const path of [...pagesByRole.funder, '/equity?dimension=age_group', '/equity?metric=successful-exits&dimension=primary_language', '/time-in-services?by=race_ethnicity']) {
      await open(page, server.url, path);
      for (const button of await page.locator('button[aria-controls^="table-"]').all()) await button.click();
      const text = await page.evaluate(() => document.body.textContent ?? '');
      for (const name of names) expect(text, `${path} shows ${name}`).not.toContain(name);
      for (const cell of await countCells(page)) {
        countsChecked += 1;
        const value = Number(cell.text.replace(/,/g, ''));
        expect(Number.isInteger(value) && value >= 1 && value <= 10, `${path}: ${cell.header} = ${cell.text}`).toBe(false);
      }
      for (const href of await page.locator('a.csv-link').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute('href')!))) {
        const csv = await page.evaluate(async (h) => (await fetch(h)).text(), href);
        for (const name of names) expect(csv, `${href} names ${name}`).not.toContain(name);
        const rows = parse(csv, { columns: true }) as Record<string, string>[];
        csvRowsChecked += rows.length;
        for (const row of rows) for (const column of ['n', 'events', 'censored']) {
          if (row[column] === undefined || row[column] === '') continue;
          const value = Number(row[column]);
          expect(value >= 1 && value <= 10, `${href}: ${column} = ${value}`).toBe(false);
        }
      }
    }
    // The search above really looked at counts (a search of nothing would pass any page).
    expect(countsChecked).toBeGreaterThan(50);
    expect(csvRowsChecked).toBeGreaterThan(20);
    // Withheld hire years are said to be withheld, so an emptier tenure chart never reads as no data.
    await open(page, server.url, '/workforce');
    const tenureYears = (await apiJson(page, `/api/trend?metric=workforce&per=year&count=5&to=${(await apiJson(page, '/api/metrics/workforce')).asOf}`)).periods;
    const withheldYears = tenureYears.filter((y: any) => y.tenure?.suppressed).length;
    const tenureTakeaway = await page.locator('figure[data-chart="workforce-tenure"] .takeaway').innerText();
    if (withheldYears > 0) expect(tenureTakeaway).toMatch(/withheld/);
    else expect(tenureTakeaway).not.toMatch(/withheld/);
    await open(page, server.url, `/facilitators/${server.team[0]}`);
    await expect(page.locator('h1').innerText()).resolves.toBe('Not available to you');
    // No facilitator x group heat map for funders (the API refuses them `by` on /api/facilitators anyway).
    await open(page, server.url, '/equity');
    expect(await page.locator('figure[data-chart="equity-rates"]').count()).toBe(1);
    expect(await page.locator('figure[data-chart="equity-heatmap"]').count()).toBe(0);
    expect(errors).toEqual([]);
  }, everyPage);

  it('answers in sentences true of what a funder is shown: withheld groups, facilitators, turnover, no cases', async () => {
    const { page, errors } = await as('funder');
    const answer = () => page.locator('[data-answer]').innerText();
    // Facilitators: without a spread the answer gives a funder's own reason (11 cases and 11 events, not 10 cases).
    await open(page, server.url, '/facilitators');
    const facilitators = await apiJson(page, '/api/facilitators?metric=reentry');
    expect(facilitators.spread.p10).toBeNull();
    expect(await answer()).toMatch(/^Too few facilitators have at least 11 cases and 11 events \(or none\)/);
    await open(page, server.url, '/');
    await page.waitForFunction(() => document.querySelector('[data-spread]')?.textContent !== 'Loading…');
    expect(await page.locator('[data-spread]').innerText()).toMatch(/^Too few facilitators have at least 11 cases and 11 re-entries/);
    // Every quarter's turnover withheld: said to be withheld, not that nobody was employed.
    const turnover = await apiJson(page, `/api/trend?metric=workforce&to=${(await apiJson(page, '/api/metrics/reentry')).params.to}`);
    expect(turnover.periods.every((q: any) => q.turnover.all == null && q.headcount.average !== 0)).toBe(true);
    expect(await page.locator('figure[data-chart="overview-turnover"] .takeaway').innerText()).toMatch(/withheld/);
    // Withheld with the headcounts, not necessarily small itself: each quarter reads "withheld", not "<11".
    const marks = await page.locator('figure[data-chart="overview-turnover"] svg g.suppressed text').evaluateAll((texts) => texts.map((t) => t.textContent));
    expect(marks.length).toBe(turnover.periods.length);
    expect(new Set(marks)).toEqual(new Set(['withheld']));
    // The card's 12-month retention goes with the headcounts: "withheld", not "fewer than 11" (its n is not small).
    expect(await page.locator('[data-headline="turnover"]').innerText()).toContain('12-month retention withheld');
    // Tenure with no hire year to draw (each withheld or without hires): said so, not empty axes.
    await open(page, server.url, '/workforce');
    expect(await page.locator('figure[data-chart="workforce-tenure"] .chart-empty').innerText()).toBe('No hire year can be drawn: each is withheld or had no hires.');
    // Equity with withheld groups: "no group shown", how many are not compared; the share known said to be withheld.
    await open(page, server.url, '/equity?dimension=primary_language');
    const equity = await apiJson(page, '/api/equity?metric=reentry&dimension=primary_language');
    const withheld = equity.groups.filter((g: any) => g.suppressed).length;
    expect(withheld).toBeGreaterThan(1);
    // In this small extract even the largest language, the default reference, has fewer than 11 re-entries: nothing
    // can be compared with it, and the answer says so rather than "no group differs".
    const reference = equity.groups.find((g: any) => g.key === equity.reference);
    expect(reference.suppressed).toBe(true);
    expect(await answer()).toBe(`${reference.label} is withheld to protect small numbers, so no group can be compared with it in re-entry; choose another reference group.`);
    expect(equity.shareKnown).toBeNull();
    expect(await page.locator('[data-known]').innerText()).toBe('The share of records with the language recorded is withheld with the Unknown group, whose size it would give away.');
    // A reference with no records here (an old bookmark): said so, not "no group differs from" it.
    await open(page, server.url, '/equity?dimension=primary_language&reference=klingon');
    expect(await answer()).toBe('klingon has no records in this selection, so no group can be compared with it; choose another reference group.');
    // Against all other groups: every language is withheld here, so nothing is compared.
    await open(page, server.url, '/equity?dimension=primary_language&reference=rest');
    const againstRest = await apiJson(page, '/api/equity?metric=reentry&dimension=primary_language&reference=rest');
    expect(againstRest.groups.every((g: any) => g.suppressed)).toBe(true);
    expect(await answer()).toBe('Every group is withheld to protect small numbers, so none can be compared with the others in re-entry.');
    // Some groups shown, some withheld (by age group, or gender, against all others): "no group shown", and how many.
    let partly = 0;
    for (const dimension of ['age_group', 'gender']) {
      const r = await apiJson(page, `/api/equity?metric=reentry&dimension=${dimension}&reference=rest`);
      const shown = r.groups.filter((g: any) => !g.suppressed && g.key !== 'unknown');
      const withheldHere = r.groups.filter((g: any) => g.suppressed).length;
      if (shown.length === 0 || withheldHere === 0 || r.groups.some((g: any) => g.gap)) continue;
      partly++;
      await open(page, server.url, `/equity?dimension=${dimension}&reference=rest`);
      expect(await answer()).toBe(`No group shown differs from all other groups in re-entry by more than chance would explain. ${withheldHere === 1 ? 'One group is' : `${withheldHere} groups are`} withheld to protect small numbers and not compared.`);
    }
    expect(partly).toBeGreaterThan(0);
    // The Overview's gap sentence says the same of the groups it could compare.
    await open(page, server.url, '/');
    await page.waitForFunction(() => document.querySelector('[data-gap]')?.textContent !== 'Loading…');
    // Here each dimension's reference group (English by language) or every other group (all but White by race) is
    // withheld for a funder, so nothing was compared anywhere, and the sentence says so.
    for (const dimension of ['race_ethnicity', 'gender', 'age_group', 'primary_language']) {
      expect(nothingCompared(await apiJson(page, `/api/equity?metric=reentry&dimension=${dimension}`)) !== null, dimension).toBe(true);
    }
    const gap = await page.locator('[data-gap]').innerText();
    expect(gap).toMatch(/^Nothing could be compared for any dimension: in each, the reference group or every other group is withheld|Nothing could be compared by .*language.*: the reference group, or every other group, is withheld or has no records\.$/);
    expect(gap).toMatch(/race and ethnicity|any dimension/);
    expect(gap).toBe('Nothing could be compared for any dimension: in each, the reference group or every other group is withheld or has no records in this selection.');
    // The Equity page with its reference shown and every other group withheld: found among a few selections (the
    // default one, calendar years and halves, each program alone), since which one it is depends on the extract.
    const programs = (await apiJson(page, '/api/filters')).programs.map((p: any) => p.key);
    const periods = ['', 'from=2024-01-01&to=2024-06-30', 'from=2023-07-01&to=2023-12-31', 'from=2023-01-01&to=2023-12-31', 'from=2022-01-01&to=2022-12-31'];
    let onlyReference: { query: string; label: string } | null = null;
    search: for (const period of periods) {
      for (const program of ['', ...programs.map((p: string) => `program=${encodeURIComponent(p)}`)]) {
        for (const dimension of ['race_ethnicity', 'gender', 'age_group', 'primary_language']) {
          const query = [`dimension=${dimension}`, period, program].filter(Boolean).join('&');
          // The page's own rule for "every other group withheld", against a named (not pooled) reference.
          const r = await apiJson(page, `/api/equity?metric=reentry&${query}`);
          if (r.reference !== 'rest' && nothingCompared(r) === 'others withheld') {
            onlyReference = { query, label: r.groups.find((g: any) => g.key === r.reference).label };
            break search;
          }
        }
      }
    }
    expect(onlyReference).not.toBeNull();
    await open(page, server.url, `/equity?${onlyReference!.query}`);
    expect(await answer()).toBe(`Every group but ${onlyReference!.label} is withheld to protect small numbers, so none can be compared with it in re-entry.`);
    // A period with no records: the default reference group (White) is absent, said so, not "no group differs from null".
    await open(page, server.url, '/equity?from=2001-01-01&to=2001-12-31');
    expect(await answer()).toBe('The usual reference group has no records in this selection, so no group can be compared with it; choose another reference group.');
    // A selection with no exits: a plain sentence, not "was no cases".
    await open(page, server.url, '/?from=2001-01-01&to=2001-12-31');
    expect(await answer()).toBe('No exits in this selection could be followed for re-entry within 12 months from 1 Jan 2001 to 31 Dec 2001.');
    // A program the data does not hold (an old bookmark): named as such in the filter's summary.
    await open(page, server.url, '/?program=bogus');
    expect(await answer()).toMatch(/^No exits in this selection could be followed/);
    // Time in services of no episodes: said so, not "the median is not reached yet" over empty axes.
    await open(page, server.url, '/time-in-services?program=bogus');
    expect(await answer()).toBe('No episodes started in this selection, so there is no time in services to show.');
    expect(await page.locator('figure[data-chart="time-in-services-curves"] .chart-empty').innerText()).toBe('No episodes to draw.');
    expect(await page.locator('details.checklist-field summary').first().innerText()).toBe('Programs: bogus (not in the data)');
    expect(errors).toEqual([]);
  });

  it("names only the supervisor's own team, highlighted", async () => {
    const { page, errors } = await as('supervisor');
    await open(page, server.url, '/facilitators');
    for (const button of await page.locator('button[aria-controls^="table-"]').all()) await button.click();
    const text = await page.evaluate(() => document.body.textContent ?? '');
    const facilitators = server.staff.filter((s) => s.role === 'facilitator');
    const others = facilitators.filter((f) => !server.team.includes(f.staffId));
    expect(others.length).toBeGreaterThan(0);
    for (const f of others) expect(text).not.toContain(f.name);
    const response = await apiJson(page, '/api/facilitators?metric=reentry');
    const namedRows = response.facilitators.filter((f: any) => f.name != null);
    expect(namedRows.length).toBeGreaterThan(0);
    for (const f of namedRows) expect(server.team).toContain(f.staffId);
    expect(await page.locator('figure[data-chart="facilitators-funnel"] tr.highlight').count()).toBe(namedRows.length);
    expect(await page.locator('[data-team]').innerText()).toContain(namedRows[0].name);
    // The heat map is for leaders: a supervisor's Equity page has none.
    await open(page, server.url, '/equity');
    expect(await page.locator('figure[data-chart="equity-rates"]').count()).toBe(1);
    expect(await page.locator('figure[data-chart="equity-heatmap"]').count()).toBe(0);
    // Workforce by team: other teams come unnamed and are drawn as numbered rows, never as names.
    await open(page, server.url, '/workforce');
    expect(await page.locator('h1').innerText()).toBe('Workforce');
    const teams = await apiJson(page, '/api/metrics/workforce?by=supervisor');
    expect(teams.groups.filter((g: any) => g.label == null && g.retention12m != null).length).toBeGreaterThan(0);
    expect(await markCount(page, 'workforce-teams', 'estimate')).toBe(teams.groups.filter((g: any) => g.retention12m != null && !g.retention12m.suppressed && g.retention12m.rate != null).length);
    expect(await page.locator('figure[data-chart="workforce-teams"] tbody th', { hasText: /^Other team \d+$/ }).count()).toBe(teams.groups.filter((g: any) => g.label == null).length);
    expect(errors).toEqual([]);
  }, everyPage);

  it('draws small caseloads hollow, and tells a funder which facilitators are compared', async () => {
    const { page, errors } = await as('leader');
    await open(page, server.url, '/facilitators');
    const response = await apiJson(page, '/api/facilitators?metric=reentry');
    const fills = await page.locator('figure[data-chart="facilitators-funnel"] svg g.estimate > *').evaluateAll((marks) => marks.map((m) => m.getAttribute('fill')));
    const small = response.facilitators.filter((f: any) => f.n != null && f.rate != null && f.n < 20).length;
    expect(small).toBeGreaterThan(0);
    expect(fills.filter((f) => f === 'white').length).toBe(small);
    // A funder's comparison leaves facilitators with small cells out altogether, and the takeaway says so.
    const funder = await as('funder');
    await open(funder.page, server.url, '/facilitators');
    const forFunder = await apiJson(funder.page, '/api/facilitators?metric=reentry');
    expect(forFunder.params.minimumCell).toBe(11);
    expect(forFunder.facilitators.length).toBeLessThan(response.facilitators.length);
    // This small extract's re-entries are too few: no facilitator has 11 cases and 11 events (or none).
    expect(forFunder.facilitators).toEqual([]);
    expect(await funder.page.locator('figure[data-chart="facilitators-funnel"] .takeaway').innerText()).toMatch(/^No facilitator can be compared here for this period without showing small numbers/);
    // Whose rate and spread a funder is shown: those of the facilitators compared (the ones with few events, so low
    // rates too, are left out), named as such, with the agency's own rate beside them.
    await open(funder.page, server.url, '/facilitators?metric=successful-exits');
    const exits = await apiJson(funder.page, '/api/facilitators?metric=successful-exits');
    const agency = await apiJson(funder.page, '/api/metrics/successful-exits');
    expect(exits.spread.p10).not.toBeNull();
    expect(await funder.page.locator('figure[data-chart="facilitators-funnel"] .takeaway').innerText()).toMatch(/Only facilitators with at least 11 cases and 11 events \(or none\) are compared here/);
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    expect(await funder.page.locator('[data-answer]').innerText()).toMatch(new RegExp(
      `across the facilitators compared \\(each with at least 11 cases and 11 events, or none\\).* so this describes the facilitators compared, not the whole agency \\(the agency's rate is ${pct(agency.overall.rate).replace('.', '\\.')}\\)\\.$`));
    expect(await funder.page.locator('figure[data-chart="facilitators-funnel"] .legend').innerText()).toContain(`rate of those compared ${pct(exits.overall.rate)}`);
    expect(await funder.page.locator('figure[data-chart="facilitators-shrunk"] .takeaway').innerText()).toContain(`towards the rate of the facilitators compared, ${pct(exits.overall.rate)}`);
    expect([...errors, ...funder.errors]).toEqual([]);
  });

  it('offers a CSV download with exactly the numbers of the table', async () => {
    const { page, errors } = await as('leader');
    await open(page, server.url, '/equity');
    const figure = page.locator('figure[data-chart="equity-rates"]');
    await figure.locator('button', { hasText: 'View table' }).click();
    const tableRows = await figure.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
    const [download] = await Promise.all([page.waitForEvent('download'), figure.locator('a.csv-link').click()]);
    const csv = parse(await readFile((await download.path())!, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(csv.length).toBe(tableRows.length);
    for (const row of csv) {
      const cells = tableRows.find((r) => r[0].replace(/ \(reference\)$/, '') === row.label);
      expect(cells, `table row for ${row.label}`).toBeDefined();
      const rate = row.rate === '' ? 'fewer than 11' : `${(Number(row.rate) * 100).toFixed(1)}%`;
      expect(cells![1]).toBe(rate);
      expect(cells![3]).toBe(Number(row.n).toLocaleString('en-US'));
      expect(cells![4]).toBe(Number(row.events).toLocaleString('en-US'));
    }
    // The ratios' table lists every group the CSV has, the reference and unknown saying why they are not drawn.
    const ratios = page.locator('figure[data-chart="equity-ratios"]');
    await ratios.locator('button', { hasText: 'View table' }).click();
    const ratioRows = await ratios.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
    const [ratioDownload] = await Promise.all([page.waitForEvent('download'), ratios.locator('a.csv-link').click()]);
    const ratioCsv = parse(await readFile((await ratioDownload.path())!, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(ratioRows.map((r) => r[0].replace(/ \(reference\)$/, ''))).toEqual(ratioCsv.map((r) => r.label));
    for (const [i, row] of ratioCsv.entries()) expect(ratioRows[i][1]).toBe(row.ratio === '' ? (row.suppressed === 'true' ? 'fewer than 11' : '–') : Number(row.ratio).toFixed(2));
    expect(errors).toEqual([]);
  });

  it("gives each quarterly trend chart a CSV of exactly its table's quarters and figures", async () => {
    const { page, errors } = await as('leader');
    const charts: [string, string][] = [['/', 'overview-reentry'], ['/', 'overview-successful-exits'], ['/', 'overview-time-in-services'], ['/', 'overview-turnover'], ['/workforce', 'workforce-turnover']];
    for (const [path, chart] of charts) {
      await open(page, server.url, path);
      const figure = page.locator(`figure[data-chart="${chart}"]`);
      await figure.locator('button', { hasText: 'View table' }).click();
      const tableRows = await figure.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
      const [download] = await Promise.all([page.waitForEvent('download'), figure.locator('a.csv-link').click()]);
      const csv = parse(await readFile((await download.path())!, 'utf8'), { columns: true }) as Record<string, string>[];
      expect(csv.map((r) => r.period), chart).toEqual(tableRows.map((r) => r[0]));
      expect(csv.length, chart).toBe(8);
      for (const [i, row] of csv.entries()) {
        const cells = tableRows[i];
        if (chart.endsWith('turnover')) {
          const turnover = row.turnover === '' ? '–' : `${(Number(row.turnover) * 100).toFixed(1)}%`;
          expect(cells[1], `${chart} ${row.period}`).toBe(turnover);
        } else if (chart.endsWith('time-in-services')) {
          expect(cells.join(' '), `${chart} ${row.period}`).toContain(Number(row.n).toLocaleString('en-US'));
        } else {
          const rate = row.rate === '' ? 'fewer than 11' : `${(Number(row.rate) * 100).toFixed(1)}%`;
          expect(cells[1], `${chart} ${row.period}`).toBe(rate);
          expect(cells[3], `${chart} ${row.period}`).toBe(Number(row.n).toLocaleString('en-US'));
        }
      }
    }
    expect(errors).toEqual([]);
  });

  const screenshot = (page: Page, role: Role, path: string, suffix = '') =>
    page.screenshot({ path: join(screenshots, `${role}-${path === '/' ? 'overview' : path.slice(1)}${suffix}.png`), fullPage: true });

  it("has no serious or critical accessibility violations (axe-core) on any page, and saves each page's screenshot", async () => {
    for (const role of ['leader', 'funder'] as Role[]) {
      const { page } = await as(role, { bypassCSP: true });
      for (const path of pagesByRole[role]) {
        await open(page, server.url, path);
        await screenshot(page, role, path);
        await page.addScriptTag({ path: axePath });
        const violations = await page.evaluate(async () => {
          const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
          return result.violations.filter((v: any) => v.impact === 'serious' || v.impact === 'critical').map((v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).slice(0, 3).join('; ')})`);
        });
        expect(violations, `${role} ${path}`).toEqual([]);
        // Headings never skip a level (h1 then h3), so a screen reader's outline holds together.
        const skipped = await page.evaluate(() => {
          let previous = 0;
          const out: string[] = [];
          for (const heading of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
            const level = Number(heading.tagName[1]);
            if (previous && level > previous + 1) out.push(`${heading.tagName} ${heading.textContent}`);
            previous = level;
          }
          return out;
        });
        expect(skipped, `${role} ${path}`).toEqual([]);
      }
      await page.context().close();
    }
  }, everyPage);

  it("fits a 390 px phone, prints without navigation, and saves the supervisor's screenshots", async () => {
    const { page, errors } = await as('supervisor');
    for (const path of pagesByRole.supervisor) {
      await open(page, server.url, path);
      await screenshot(page, 'supervisor', path);
    }
    expect(errors).toEqual([]);
    for (const role of ['leader', 'supervisor', 'funder'] as Role[]) {
      const phone = await as(role, { width: 390 });
      await open(phone.page, server.url, '/');
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(phone.page, role, '/', '-phone');
      if (role === 'leader') {
        // The heat map scrolls sideways inside its figure; the page itself still fits.
        await open(phone.page, server.url, '/equity');
        expect(await phone.page.locator('figure[data-chart="equity-heatmap"] svg').count()).toBe(1);
        await screenshot(phone.page, role, '/equity', '-phone');
        const wide = await phone.page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391).slice(0, 8).map((e) => `${e.tagName}.${e.getAttribute('class')} ${Math.round(e.getBoundingClientRect().right)}`));
        expect(await phone.page.evaluate(() => document.documentElement.scrollWidth), wide.join('; ')).toBeLessThanOrEqual(390);
      }
      await phone.page.emulateMedia({ media: 'print' });
      expect(await phone.page.locator('header nav').isVisible()).toBe(false);
      expect(phone.errors).toEqual([]);
    }
    // Paper does not scroll: printed on A4 with 1 cm margins (718 px of content), every table fits instead of being cut:
    // the heat map's (a column per group, the most by language), time in services by a dimension (12 columns), the rest.
    const pageWidth = 718;
    const paper = await as('leader', { width: pageWidth });
    for (const path of ['/equity', '/equity?dimension=age_group', '/equity?dimension=primary_language', '/time-in-services?by=race_ethnicity', '/time-in-services?by=primary_language', '/facilitators', '/workforce', '/']) {
      await open(paper.page, server.url, path);
      await paper.page.emulateMedia({ media: 'print' });
      const cut = await paper.page.evaluate(() => [...document.querySelectorAll('.table-wrap')].filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => `${w.id} ${w.scrollWidth}/${w.clientWidth}`));
      expect(cut, path).toEqual([]);
      const tooWide = await paper.page.evaluate((width) => [...document.querySelectorAll('table')]
        .filter((t) => t.getBoundingClientRect().right > width + 0.5)
        .map((t) => `${t.closest('figure')?.getAttribute('data-chart') ?? t.querySelector('caption')?.textContent} ${Math.round(t.getBoundingClientRect().width)} px`), pageWidth);
      expect(tooWide, path).toEqual([]);
      expect(await paper.page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(pageWidth);
      // The heat map, however many groups, prints on a landscape page of its own.
      if (path.startsWith('/equity')) expect(await paper.page.locator('figure[data-chart="equity-heatmap"]').evaluate((f) => getComputedStyle(f).getPropertyValue('page')), path).toBe('landscape');
      // No heading ends a printed page: each stays with what it heads.
      expect(await paper.page.evaluate(() => [...document.querySelectorAll('main h1, main h2, main h3')].filter((e) => getComputedStyle(e).breakAfter !== 'avoid').map((e) => e.textContent)), path).toEqual([]);
      await paper.page.emulateMedia({ media: 'screen' });
    }
    expect(paper.errors).toEqual([]);
  }, everyPage);
});
