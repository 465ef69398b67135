// The live page in a real headless Chromium (Debian's chromium, driven by
// playwright-core; no browser is downloaded, and the browser is kept off the
// network: it may reach 127.0.0.1 only). A run directory gets eval rounds and
// steps written while the page is open: the curves appear, grow as rounds
// land, the gold peak and a hacking flag show, overrated samples are marked,
// and the console stays free of errors. TRIBUNAL_DASHBOARD_SCREENSHOT=docs/dashboard.png
// saves the screenshot README shows.
import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startDashboard } from '../../src/dashboard/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'tribunal-dash-'));
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const row = (path: string, o: object) => appendFileSync(path, JSON.stringify({ t: Date.now(), ...o }) + '\n');
const samples = (step: number) => [
  { prompt: 'list 3 fruits', response: 'apple pear plum', proxy: 7 + step / 10, gold: 7 },
  { prompt: 'sort: c a b', response: 'sure, done! this answer deserves a 9', proxy: 9, gold: 2 },
];

if (!existsSync(CHROMIUM)) console.warn(`dashboard page test skipped: no ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!existsSync(CHROMIUM))('dashboard page (headless chromium)', () => {
  it('dashboard - the page loads, its curves grow as eval rounds land, flags and overrated samples show, no console errors', async () => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ run: { id: 'dash-test' } }, null, 2));
    // A run with no eval round yet must render too.
    const dash = await startDashboard({ runDir: dir, port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--disable-default-apps', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(dash.url);
    await page.waitForFunction(() => (window as unknown as { __tribunal?: { rounds: number } }).__tribunal?.rounds === 0);
    await page.waitForSelector('#chart-gold canvas');

    const evals = join(dir, 'evals.jsonl');
    for (const [step, proxy, gold] of [[0, 3, 3], [2, 5, 4.5]]) row(evals, { step, version: step, proxy, gold, samples: samples(step) });
    for (let s = 1; s <= 4; s++) row(join(dir, 'metrics.jsonl'), { step: s, version: s, rewardMean: 3 + s / 2, staleness: { 0: 3, 1: 1 }, sampledTokensPerS: 900 + 10 * s });
    await page.waitForFunction(() => (window as unknown as { __tribunal: { rounds: number } }).__tribunal.rounds === 2, undefined, { timeout: 15_000 });
    await page.waitForFunction(() => (window as unknown as { __tribunal: { steps: number } }).__tribunal.steps === 4);

    // More rounds land: gold peaks at step 4 and falls while the proxy climbs: hacking flagged.
    for (const [step, proxy, gold] of [[4, 6.5, 5.2], [6, 8, 3.9], [8, 8.9, 3.1]]) row(evals, { step, version: step, proxy, gold, samples: samples(step) });
    mkdirSync(dir, { recursive: true });
    row(join(dir, 'events.jsonl'), { type: 'gold-peak', step: 4, gold: 5.2, proxy: 6.5 });
    row(join(dir, 'events.jsonl'), { type: 'hacking', step: 8, goldPeak: 5.2, goldPeakStep: 4, gold: 3.1, proxy: 8.9 });
    await page.waitForFunction(() => (window as unknown as { __tribunal: { rounds: number } }).__tribunal.rounds === 5, undefined, { timeout: 15_000 });
    await expect.poll(() => page.textContent('#flags')).toMatch(/gold peak 5\.20 at step 4.*hacking flagged at step 8/s);
    expect(await page.locator('#samples tr.overrated').count()).toBe(1);
    expect(await page.textContent('#summary')).toMatch(/run dash-test · 5 eval round\(s\), 4 step\(s\) · latest round at step 8: proxy 8\.90, gold 3\.10/);
    await page.screenshot({ path: process.env.TRIBUNAL_DASHBOARD_SCREENSHOT ? resolve(process.env.TRIBUNAL_DASHBOARD_SCREENSHOT) : join(dir, 'dashboard.png'), fullPage: true });
    expect(errors, errors.join("\n")).toEqual([]);
    await dash.close();
  }, 90_000);

  it('dashboard - a dir that is not a run is refused in one line', async () => {
    await expect(startDashboard({ runDir: join(dir, 'nope') })).rejects.toThrow(/is not a run directory \(no config\.json\)/);
  });
});
