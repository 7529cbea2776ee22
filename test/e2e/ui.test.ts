/**
 * End to end in Debian's Chromium (playwright-core, never a downloaded browser) against the
 * server `maclog serve` starts, with the UI built by Vite: a real sample dropped in,
 * its progress to 100%, the per-UE table, charts, a UE opened, a garbage file refused.
 * Screenshots are kept in test-results/e2e/.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContext, type AppContext } from '../../src-main/cli/context.js';
import { startServer, type RunningServer } from '../../src-main/serve/server.js';
import { samplePath } from '../samples.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = resolve(import.meta.dirname, '../../test-results/e2e');
const WAIT = { timeout: 30_000 };

let ctx: AppContext;
let server: RunningServer;
let browser: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  const root = mkdtempSync(join(tmpdir(), 'maclog-e2e-'));
  const uiDir = join(root, 'ui');
  await build({
    configFile: resolve(import.meta.dirname, '../../vite.config.ts'),
    build: { outDir: uiDir, emptyOutDir: true, sourcemap: false },
    logLevel: 'warn',
  });
  ctx = openContext({ dataDir: join(root, 'data'), workers: 1 });
  server = await startServer(ctx, { host: '127.0.0.1', port: 0, uiDir });

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
});

const shot = (name: string) => page.screenshot({ path: join(SHOTS, name), fullPage: true });

describe('the UI in Chromium', () => {
  it('ingests a dropped sample and shows its UE, table and charts', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'MAC Log Studio' }).waitFor(WAIT);

    await page.getByTestId('file-input').setInputFiles(samplePath('srsran-gnb-nr.log'));
    const job = page.getByRole('listitem', { name: 'job srsran-gnb-nr.log' });
    await job.getByText('100%').waitFor(WAIT);
    await job.getByText('done', { exact: true }).waitFor(WAIT);
    expect(await job.getByRole('progressbar').getAttribute('value')).toBe('100');
    await shot('1-job-done.png');

    await job.getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('format').waitFor(WAIT);
    expect(await page.getByTestId('format').textContent()).toContain('srsRAN Project gNB');
    // The sample notes: one UE, c-rnti 0x4601.
    await page.getByText('1 of 1 UEs').waitFor(WAIT);
    const row = page.getByTestId('ue-scroller').getByRole('row');
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('0x4601');
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
  });
});
