/**
 * End to end in Debian's Chromium (playwright-core, never a downloaded browser) against the
 * server `maclog serve` starts, with the UI built by Vite: the admin account created, a
 * real sample dropped in, its progress to 100%, the per-UE table, charts, a UE opened, a
 * garbage file refused, Grafana (the stand-in) framed as the signed-in user, and a viewer
 * who is offered no upload. Screenshots are kept in test-results/e2e/.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContext, type AppContext } from '../../src-main/cli/context.js';
import { startServer, type RunningServer } from '../../src-main/serve/server.js';
import { grafanaStandIn, stackIni, type GrafanaStandIn } from '../fixtures/grafana/standin.js';
import { samplePath } from '../samples.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = resolve(import.meta.dirname, '../../test-results/e2e');
const WAIT = { timeout: 30_000 };

let ctx: AppContext;
let server: RunningServer;
let browser: BrowserContext;
let page: Page;
let grafana: GrafanaStandIn;
const problems: string[] = [];
const ADMIN = { name: 'lab-admin', password: 'correct horse battery' };
const VIEWER = { name: 'vera', password: 'viewer password 1' };

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  const root = mkdtempSync(join(tmpdir(), 'maclog-e2e-'));
  const uiDir = join(root, 'ui');
  await build({
    configFile: resolve(import.meta.dirname, '../../vite.config.ts'),
    build: { outDir: uiDir, emptyOutDir: true, sourcemap: false },
    logLevel: 'warn',
  });
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { recursive: true });
  grafana = await grafanaStandIn(stackIni(dataDir));
  ctx = openContext({ dataDir, workers: 1 });
  server = await startServer(ctx, {
    host: '127.0.0.1',
    port: 0,
    uiDir,
    grafana: { url: grafana.url, port: 0 },
  });

  // A new empty profile: playwright passes it as --user-data-dir, and --headless itself.
  browser = await chromium.launchPersistentContext(join(root, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
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
  page = browser.pages()[0] ?? (await browser.newPage());
  // A CSP violation or a script error shows up here: the page must have none.
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
  await grafana?.close();
});

const shot = (name: string) => page.screenshot({ path: join(SHOTS, name), fullPage: true });

async function fillSignIn(form: string, who: { name: string; password: string }) {
  const fields = page.getByRole('form', { name: form });
  await fields.getByLabel('Name').fill(who.name);
  await fields.getByLabel('Password').fill(who.password);
  await fields.getByRole('button').click();
  await page.getByTestId('signed-in-as').waitFor(WAIT);
}

describe('the UI in Chromium', () => {
  it('offers to create the admin account on a new server, and signs the admin in', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Create the admin account' }).waitFor(WAIT);
    await shot('0-first-admin.png');
    await fillSignIn('Create the admin account', ADMIN);
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('lab-admin (admin)');
  });

  it('ingests a dropped sample and shows its UE, table and charts', async () => {
    await page.getByTestId('file-input').setInputFiles(samplePath('srsran-gnb-nr.log'));
    const job = page.getByRole('listitem', { name: 'job srsran-gnb-nr.log' });
    await job.getByText('100%').waitFor(WAIT);
    await job.getByText('done', { exact: true }).waitFor(WAIT);
    expect(await job.getByRole('progressbar').getAttribute('value')).toBe('100');
    await shot('1-job-done.png');

    await job.getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('format').waitFor(WAIT);
    expect(await page.getByTestId('format').textContent()).toContain('srsRAN Project gNB');
    // The sample notes one UE, c-rnti 0x4601; it attaches again as 0x4602 under the same
    // DU UE index, a second connection.
    await page.getByText('2 of 2 UEs').waitFor(WAIT);
    const rows = page.getByTestId('ue-scroller').getByRole('row');
    expect(await rows.count()).toBe(2);
    const row = rows.first();
    expect(await row.textContent()).toContain('0x4601');
    expect(await rows.nth(1).textContent()).toContain('0x4602');
    expect(await row.textContent()).toMatch(/⚠ UL residual BLER/);

    const cellCharts = page.getByRole('region', { name: 'Charts of Cell 0' });
    await cellCharts.locator('[data-chart="bitrate"] canvas').waitFor(WAIT);
    await shot('2-file-page.png');

    await row.click();
    const ueCharts = page.getByRole('region', { name: /^Charts of UE 0 \(RNTI 0x4601/ });
    await ueCharts.locator('[data-chart="bler"] canvas').waitFor(WAIT);
    expect(await ueCharts.locator('canvas').count()).toBeGreaterThanOrEqual(7);
    await ueCharts.scrollIntoViewIfNeeded();
    await shot('3-ue-open.png');
  });

  it('shows the Stack page, and shipping disabled with its reason without a Loki', async () => {
    const job = page.getByRole('listitem', { name: 'job srsran-gnb-nr.log' });
    const ship = job.getByRole('button', { name: 'Ship to Loki' });
    await ship.waitFor(WAIT);
    await job.locator('.ship-reason').waitFor(WAIT);
    expect(await ship.isDisabled()).toBe(true);
    expect(await job.locator('.ship-reason').textContent()).toMatch(/^no Loki to ship to/);

    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('button', { name: 'Stack' })
      .click();
    await page.getByRole('heading', { name: 'Stack' }).waitFor(WAIT);
    // With or without an engine on this machine, the page says which.
    const engine = page.getByTestId('engine');
    await engine.waitFor(WAIT);
    expect(await engine.textContent()).toMatch(/Podman|Docker|no container engine found/);
    await shot('4-stack-page.png');
    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('button', { name: 'Logs' })
      .click();
  });

  it('refuses a garbage file with a message naming it', async () => {
    const garbage = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 256));
    await page.getByTestId('file-input').setInputFiles({
      name: 'garbage.bin',
      mimeType: 'application/octet-stream',
      buffer: garbage,
    });
    const toast = page.getByRole('alert').filter({ hasText: 'garbage.bin' });
    await toast.waitFor(WAIT);
    expect(await toast.textContent()).toContain(
      'refused: garbage.bin: this is a binary file, not a text log',
    );
    expect(await page.getByRole('listitem', { name: 'job garbage.bin' }).count()).toBe(0);
    await shot('5-garbage-refused.png');
    // The refusal itself is logged by Chromium as a failed request; nothing else may be.
    expect(problems).toEqual([
      'Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
    ]);
    problems.length = 0;
  });

  it('frames Grafana signed in as the user, with their role', async () => {
    await page.getByRole('navigation', { name: 'Pages' }).getByText('Dashboards').click();
    const frame = page.frameLocator('iframe[title="Grafana: Overview"]');
    // The stand-in answers with the user and role its auth proxy header gave it.
    await frame.getByText('"login":"lab-admin"').waitFor(WAIT);
    expect(await frame.locator('body').textContent()).toContain('"role":"Admin"');
    expect(grafana.seen.at(-1)!.url).toBe('/d/maclog-overview?kiosk');
    await shot('5-dashboards.png');
  });

  it("opens a UE's dashboard from the file page, on the log's own time", async () => {
    const pages = page.getByRole('navigation', { name: 'Pages' });
    await pages.getByRole('button', { name: 'Logs' }).click();
    await page
      .getByRole('list', { name: 'Stored files' })
      .getByRole('button', { name: /srsran-gnb-nr\.log/ })
      .click();
    await page.getByTestId('ue-scroller').getByRole('row').first().click();
    await page.getByRole('button', { name: /^Open UE 0 \(RNTI 0x4601.* in Grafana$/ }).click();

    const frame = page.frameLocator('iframe[title="Grafana: UE"]');
    await frame.getByText('"login":"lab-admin"').waitFor(WAIT);
    // The sample's records run from 20:04:29.485 to 20:04:47.346 on 2023-11-06 (its own
    // dates); the link widens that by a second on each side.
    const from = Date.parse('2023-11-06T20:04:28.485Z');
    const to = Date.parse('2023-11-06T20:04:48.346Z');
    const url = grafana.seen.at(-1)!.url;
    expect(url).toMatch(/^\/d\/maclog-ue\?var-file=srsran-gnb-nr\.log&var-import=\d+&/);
    expect(url.split('?')[1].split('&').slice(2)).toEqual([
      'var-cell=0',
      'var-ue=0',
      `from=${from}`,
      `to=${to}`,
      'kiosk',
    ]);
    await shot('5-ue-dashboard.png');
  });

  it('lets the admin add a viewer, who is offered no upload', async () => {
    await page.getByRole('navigation', { name: 'Pages' }).getByText('Users').click();
    const add = page.getByRole('form', { name: 'Add a user' });
    await add.getByLabel('name').fill(VIEWER.name);
    await add.getByLabel('password').fill(VIEWER.password);
    await add.getByLabel('role').selectOption('viewer');
    await add.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('row', { name: 'user vera' }).waitFor(WAIT);
    await shot('6-users.png');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor(WAIT);
    await fillSignIn('Sign in', VIEWER);
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('vera (viewer)');
    await page.getByText('Viewers see every file; adding one needs the editor role.').waitFor(WAIT);
    expect(await page.getByTestId('file-input').count()).toBe(0);
    // Everyone's files are there to read.
    await page.getByRole('listitem', { name: 'job srsran-gnb-nr.log' }).waitFor(WAIT);
    await shot('7-viewer.png');
    expect(problems).toEqual([]);
  });
});
