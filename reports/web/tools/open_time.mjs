// Measures how long a report.html takes to open in headless Chromium (docs/reports.md, "Large
// runs"): from navigation to the page's `body[data-ready]` (the matrix, counts and the first
// scenario shown), best and median of N fresh pages. Prints one JSON object; not a test (no
// wall-clock assertions in tests), a measurement for the closing note and for people.
//
//   NODE_PATH=build/reports/web/npm/node_modules node reports/web/tools/open_time.mjs FILE [N] [PNG]
//
// With PNG, the last page is also saved as a screenshot (the whole page) once it is ready and its
// first scenario's sequence chart is drawn.
import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// CommonJS resolution honours NODE_PATH (ES module imports do not).
const { chromium } = createRequire(import.meta.url)('playwright-core');

const file = resolve(process.argv[2] ?? '');
const runs = Number(process.argv[3] ?? 3);
const screenshot = process.argv[4];
const browser = await chromium.launch({
  executablePath: process.env.IFA026_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const times = [];
let state = '';
const errors = [];
for (let i = 0; i < runs; ++i) {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  const start = performance.now();
  await page.goto(pathToFileURL(file).href, { timeout: 300000 });
  await page.waitForSelector('body[data-ready]', { timeout: 300000 });
  times.push(Math.round(performance.now() - start));
  state = await page.getAttribute('body', 'data-ready');
  if (screenshot && i === runs - 1) {
    await page.waitForSelector('#sequence-chart[data-state="drawn"], #sequence-chart[data-state="empty"]',
      { timeout: 300000 }).catch(() => {});
    await page.screenshot({ path: screenshot, fullPage: true });
  }
  await page.context().close();
}
await browser.close();
times.sort((a, b) => a - b);
console.log(JSON.stringify({ file, bytes: statSync(file).size, state, runs, best_ms: times[0],
  median_ms: times[Math.floor(times.length / 2)], errors }));
