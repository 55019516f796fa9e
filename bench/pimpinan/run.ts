// The Bupati's phone page (/kanal-aduan/pimpinan) beside the Directus Insights
// "Dasbor Pimpinan" for the same data, in Debian's Chromium throttled as
// Chromium DevTools' "Slow 3G" preset (devtools-frontend
// front_end/core/sdk/NetworkManager.ts, Slow3GConditions: 500 kbit/s × 0.8 =
// 400 kbit/s down and up, latency 400 ms × 5 = 2 000 ms, set through CDP
// Network.emulateNetworkConditions) with DevTools' "4× slowdown" of the CPU
// (CDP Emulation.setCPUThrottlingRate rate 4), as the demo Bupati.
//
//   npx tsx bench/pimpinan/run.ts [--reports 5000] [--runs 3] [--keep] [--db kanal_bench_x]
//
// It creates a throw-away Postgres database, starts Directus on it, applies the
// schema and seeds, writes the demo reports with the seeds' knex writer, logs
// the Bupati in (not throttled: the session cookie, as after a login the day
// before), then loads each page cold (browser cache off) `--runs` times and once
// warm (cache on, after a first load), alternating the two pages. Per load it
// prints: first contentful paint (the paint entry, waited for), the time until the ranking's first row is
// visible (navigation start to the element: the figure the Bupati waits for),
// and the bytes transferred (CDP encodedDataLength, headers included).
// Needs Postgres on 127.0.0.1:5432 (trust auth) and /usr/bin/chromium.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { DASHBOARD_ID } from '@kanal-aduan/schema';
import { writeDemoWithKnex } from '@kanal-aduan/seeds';
import { chromium, type Browser } from 'playwright-core';
import { startScratchDirectus } from '../support/scratch-directus.ts';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
    db: { type: 'string' },
  },
});
const N = Number(values.reports);
const RUNS = Number(values.runs);
const log = (m: string) => console.log(`[bench] ${m}`);
/**
 * DevTools' "Slow 3G" preset as devtools-frontend defines it (Slow3GConditions in
 * front_end/core/sdk/NetworkManager.ts): ~500 kbit/s scaled by 0.8 each way (CDP takes
 * bytes per second) and a 400 ms target round trip applied as 5 × 400 ms of request latency.
 */
export const SLOW_3G = { offline: false, latency: 400 * 5, downloadThroughput: ((500 * 1000) / 8) * 0.8, uploadThroughput: ((500 * 1000) / 8) * 0.8 };
/** DevTools' "4× slowdown" CPU throttling: a mid-range phone on a desktop machine. */
export const CPU_SLOWDOWN = 4;

type Load = { page: string; cache: 'cold' | 'warm'; fcp: number | null; ranking: number; bytes: number; requests: number; load: number };

async function measure(browser: Browser, url: string, path: string, selector: string, password: string, name: string, runs: number): Promise<Load[]> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'id-ID' });
  const out: Load[] = [];
  try {
    // The Directus session cookie, as the admin app's login leaves it.
    const login = await context.request.post(`${url}/auth/login`, { data: { email: 'bupati@example.com', password, mode: 'session' } });
    if (!login.ok()) throw new Error(`login: HTTP ${login.status()}`);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    let bytes = 0;
    let requests = 0;
    cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => { bytes += e.encodedDataLength; requests += 1; });
    const once = async (cache: 'cold' | 'warm') => {
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: cache === 'cold' });
      await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
      bytes = 0;
      requests = 0;
      const t0 = Date.now();
      await page.goto(`${url}${path}`, { waitUntil: 'commit', timeout: 900_000 });
      await page.locator(selector).first().waitFor({ state: 'visible', timeout: 900_000 });
      // Navigation start to the ranking's first row, by the page's own clock.
      const ranking = await page.evaluate(() => performance.now());
      // The paint entry may be recorded after the element is visible: wait for it (buffered observer), 60 s at most.
      const fcp = await page.evaluate(() => new Promise<number | null>((resolve) => {
        const seen = performance.getEntriesByName('first-contentful-paint')[0];
        if (seen) return resolve(seen.startTime);
        const observer = new PerformanceObserver((list) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (entry) {
            observer.disconnect();
            resolve(entry.startTime);
          }
        });
        observer.observe({ type: 'paint', buffered: true });
        setTimeout(() => resolve(null), 60_000);
      }));
      // Let what the page still fetches (panels, fonts) finish before counting its bytes.
      await page.waitForLoadState('networkidle', { timeout: 900_000 }).catch(() => {});
      const load = { page: name, cache, fcp, ranking, bytes, requests, load: os.loadavg()[0]! };
      log(`${name} ${cache}: ranking visible ${(ranking / 1000).toFixed(1)} s, FCP ${fcp === null ? '–' : (fcp / 1000).toFixed(1) + ' s'}, ${(bytes / 1024).toFixed(0)} KiB in ${requests} requests (wall ${((Date.now() - t0) / 1000).toFixed(0)} s, load ${load.load.toFixed(1)})`);
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      return load;
    };
    for (let i = 0; i < runs; i++) out.push(await once('cold'));
    out.push(await once('warm'));
  } finally {
    await context.close();
  }
  return out;
}

async function main() {
  const scratch = await startScratchDirectus({ reuse: values.db, keep: values.keep, log });
  const { url, cfg, knex, reused: reuse } = scratch;
  let browser: Browser | undefined;
  try {
    if (!reuse) {
      log(`writing ${N.toLocaleString('en')} reports into Postgres`);
      await writeDemoWithKnex(knex, N, { batch: 5000, seed: 42 });
      await knex.raw('VACUUM ANALYZE');
    }
    const reports = Number((await knex('complaints').count({ n: '*' }).first())?.n);
    log(`${reports.toLocaleString('en')} reports; DevTools "Slow 3G": ${SLOW_3G.downloadThroughput * 8 / 1000} kbit/s each way, ${SLOW_3G.latency} ms latency; CPU ${CPU_SLOWDOWN}× slower; ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`);

    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const pw = cfg.secrets.demoPassword;
    // Warm Directus itself (schema cache, ranking memo) unthrottled, so both pages meet the same server.
    await measureWarmup(url, pw);
    const loads: Load[] = [];
    loads.push(...(await measure(browser, url, '/kanal-aduan/pimpinan', '[data-testid="ranking-opd"] tbody tr', pw, 'phone page', RUNS)));
    loads.push(...(await measure(browser, url, `/admin/insights/${DASHBOARD_ID}`, '[data-testid="kanal-ranking"] tr.unit', pw, 'Insights', RUNS)));

    const row = (l: Load) => `| ${l.page} | ${l.cache} | ${l.fcp === null ? '–' : (l.fcp / 1000).toFixed(1)} | ${(l.ranking / 1000).toFixed(1)} | ${(l.bytes / 1024).toFixed(0)} | ${l.requests} | ${l.load.toFixed(1)} |`;
    console.log(`\n| page | cache | first contentful paint (s) | ranking visible (s) | KiB transferred | requests | load avg |\n|---|---|---|---|---|---|---|\n${loads.map(row).join('\n')}`);
    const med = (page: string, k: 'ranking' | 'bytes') => {
      const xs = loads.filter((l) => l.page === page && l.cache === 'cold').map((l) => l[k]).sort((a, b) => a - b);
      return xs[Math.floor(xs.length / 2)]!;
    };
    console.log(`\ncold, median of ${RUNS}: ranking visible ${(med('phone page', 'ranking') / 1000).toFixed(1)} s vs ${(med('Insights', 'ranking') / 1000).toFixed(1)} s (${(med('Insights', 'ranking') / med('phone page', 'ranking')).toFixed(1)}×); ` +
      `${(med('phone page', 'bytes') / 1024).toFixed(0)} KiB vs ${(med('Insights', 'bytes') / 1024).toFixed(0)} KiB (${(med('Insights', 'bytes') / med('phone page', 'bytes')).toFixed(0)}×)`);
  } finally {
    await browser?.close().catch(() => {});
    await scratch.stop();
  }
}

/** One unthrottled load of each page's data, so neither pays Directus's first-request costs. */
async function measureWarmup(url: string, password: string) {
  const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bupati@example.com', password }) });
  const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
  for (const path of ['/kanal-aduan/pimpinan', '/kanal-aduan/ranking?level=opd&days=90', '/kanal-aduan/ranking?level=kecamatan&days=90']) {
    const r = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    await r.arrayBuffer();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
