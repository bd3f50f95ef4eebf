// Browser test of the report page (docs/reports.md, "Browser tests"): headless Chromium, driven
// by playwright-core, opens report.html from file:// and checks what a reader sees: no console
// error, no network request, the counts of the model, a verdict filter, a requirement's evidence,
// and every picture and chart drawn as an SVG with content. Two pages are checked: the shell
// filled with reports/web/sample-model.json (the page alone), and the report.html that
// `ifa026 conform` writes for a few shipped scenarios. Screenshots go to
// $IFA026_SCREENSHOTS (default <source>/out/screenshots/).
//
// Environment (set by tests/report/CMakeLists.txt): IFA026_BIN, IFA026_SOURCE_DIR,
// IFA026_REPORT_SHELL, IFA026_SCREENSHOTS, NODE_PATH (the npm folder of reports/web), and
// optionally IFA026_CHROMIUM (default /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// CommonJS resolution honours NODE_PATH (ES module imports do not).
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const here = dirname(fileURLToPath(import.meta.url));
const sourceDir = resolve(process.env.IFA026_SOURCE_DIR || join(here, '..', '..'));
const shellPath = process.env.IFA026_REPORT_SHELL || '';
const binary = process.env.IFA026_BIN || '';
const screenshots = resolve(process.env.IFA026_SCREENSHOTS || join(sourceDir, 'out', 'screenshots'));
const chromiumPath = process.env.IFA026_CHROMIUM || '/usr/bin/chromium';
const SCENARIOS = [
  'scenarios/annex-c/C.2.1.1.json',
  'scenarios/annex-c/mano-wide-mutual-tls.json',
  'scenarios/smoke/echo-lossy-link.json',
  'scenarios/negative/direct-wrong-initial-credential.json',
];
const VERDICTS = ['pass', 'fail', 'inconc', 'error', 'none', 'not-testable', 'not-applicable'];
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SEQUENCE_PAGE = 300;
const EVIDENCE_SHOWN = 200;

let browser;
let workDir;
let conformDir;

// The writer's rule (common contract §1): the model replaces the marker, with "</" written
// "<\/" and U+2028/U+2029 escaped.
function fillShell(shell, model) {
  const json = JSON.stringify(model).replace(/<\//g, '<\\/')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const marker = '/*IFA026_REPORT_DATA*/';
  assert.equal(shell.split(marker).length, 2, 'the shell holds the data marker exactly once');
  return shell.split(marker).join(json);
}

// The model inside a written report.html, as the page itself reads it.
function modelOf(html) {
  const match = /<script id="ifa026-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(match, 'report.html has the data element');
  return JSON.parse(match[1]);
}

before(() => {
  workDir = mkdtempSync(join(tmpdir(), 'ifa026-report-'));
  mkdirSync(screenshots, { recursive: true });
  if (binary) {
    conformDir = join(workDir, 'conform');
    try {
      execFileSync(binary, ['conform', '--out', conformDir, ...SCENARIOS], { cwd: sourceDir, stdio: 'pipe' });
    } catch (error) {
      // Exit 1 means a requirement failed; the folder is still written. Anything else is a harness problem.
      if (error.status !== 1) throw new Error(`ifa026 conform failed (${error.status}): ${error.stderr}`);
    }
  }
});

after(async () => {
  if (browser) await browser.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function launch() {
  if (!browser) {
    // As root in CI: no sandbox. This machine's network is closed: Chromium's own background
    // connections (updates, sync, QUIC) are switched off so that none is attempted.
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
  }
  return browser;
}

// Opens a page on a file URL; every console error, page error and request other than the page
// itself is recorded (and the request refused).
async function openPage(file) {
  const url = pathToFileURL(file).href;
  const context = await (await launch()).newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  // Generous: on a loaded 2-core machine drawing a 300-message chart can take many seconds.
  page.setDefaultTimeout(120000);
  const problems = { console: [], requests: [] };
  page.on('console', (message) => { if (message.type() === 'error') problems.console.push(message.text()); });
  page.on('pageerror', (error) => problems.console.push(`pageerror: ${error.message}`));
  await context.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    problems.requests.push(route.request().url());
    return route.abort();
  });
  page.on('request', (request) => {
    if (request.url() !== url && !problems.requests.includes(request.url())) problems.requests.push(request.url());
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready]', { timeout: 120000 });
  return { page, context, problems };
}

// Types into the text filter and waits until the table shows the result.
async function filterText(page, text) {
  await page.fill('#filter-text', text);
  await page.waitForSelector(`#matrix[data-text="${text}"]`, { state: 'attached' });
}

async function shot(page, prefix, name, locator) {
  const path = join(screenshots, `${prefix}-${name}.png`);
  if (locator) await locator.screenshot({ path });
  else await page.screenshot({ path, fullPage: false });
}

// An SVG inside the element, with at least `min` drawn shapes.
async function assertSvg(page, selector, what, min = 2) {
  const shapes = await page.$eval(selector, (element) => {
    const svg = element.querySelector('svg');
    return svg ? svg.querySelectorAll('path, line, rect, ellipse, polygon, circle, text').length : -1;
  });
  assert.ok(shapes >= min, `${what}: an SVG with content (${shapes} shapes)`);
}

async function waitForSequence(page) {
  await page.waitForFunction(() => {
    const chart = document.getElementById('sequence-chart');
    return chart && ['drawn', 'empty', 'failed'].includes(chart.dataset.state);
  }, null, { timeout: 120000 });
  return page.$eval('#sequence-chart', (chart) => ({ ...chart.dataset }));
}

// Every assertion of the contract (§6) that the model allows, on one written page.
async function checkReport(file, model, expectedCounts, prefix) {
  const { page, context, problems } = await openPage(file);
  try {
    assert.equal(await page.getAttribute('body', 'data-ready'), 'true', 'the page read its model');
    // Counts shown equal the expected ones (summary.json's or the model's).
    for (const verdict of VERDICTS) {
      const shown = await page.textContent(`[data-testid="count-${verdict}"]`);
      assert.equal(Number(shown), expectedCounts[verdict] ?? 0, `count of ${verdict}`);
    }
    const total = model.requirements.length;
    assert.equal(Number(await page.textContent('#shown-count')), total, 'every requirement shown at first');
    for (const annex of model.annexes) {
      assert.ok(await page.$(`[data-testid="annex-bar-${annex.annex}"]`), `a bar for annex ${annex.annex}`);
    }
    await shot(page, prefix, 'overview');

    // A verdict filter narrows the table to that verdict.
    const verdict = VERDICTS.find((v) => expectedCounts[v] > 0 && expectedCounts[v] < total);
    assert.ok(verdict, 'some verdict covers part of the requirements');
    await page.selectOption('#filter-verdict', verdict);
    assert.equal(Number(await page.textContent('#shown-count')), expectedCounts[verdict], `filtered to ${verdict}`);
    const rowVerdicts = await page.$$eval('[data-testid="matrix-row"]', (rows) => rows.map((r) => r.dataset.verdict));
    assert.equal(rowVerdicts.length, Math.min(expectedCounts[verdict], 100));
    assert.ok(rowVerdicts.every((v) => v === verdict), 'every row shown has that verdict');
    await shot(page, prefix, 'filtered-matrix');

    // Free text narrows further; reset brings every requirement back.
    const first = model.requirements.find((r) => r.verdict === verdict);
    await filterText(page, first.id);
    assert.ok(Number(await page.textContent('#shown-count')) < expectedCounts[verdict] ||
      expectedCounts[verdict] === 1, 'text filter narrows');
    assert.ok(await page.$(`[data-testid="matrix-row"][data-id="${first.id}"]`), 'text filter keeps the row');
    await page.click('#filter-reset');
    assert.equal(Number(await page.textContent('#shown-count')), total);

    // Opening a requirement shows its evaluations and their cited evidence records.
    const cited = model.requirements.find((r) => r.evaluations.some((i) =>
      model.evaluations[i].evidence.length > 0 &&
      model.evaluations[i].evidence.some((id) => model.scenarios.find((s) => s.name === model.evaluations[i].scenario)?.evidence[id])));
    assert.ok(cited, 'some requirement cites evidence');
    await filterText(page, cited.id);
    await page.click(`button[data-requirement="${cited.id}"]`);
    await page.waitForSelector('#requirement-detail[open]');
    const evaluations = await page.$$('#requirement-detail [data-testid="evaluation"]');
    assert.equal(evaluations.length, cited.evaluations.length, 'one block per evaluation');
    const shownIds = new Set(await page.$$eval('#requirement-detail tr[data-cited="true"]',
      (rows) => rows.map((r) => Number(r.dataset.recordId))));
    for (const i of cited.evaluations) {
      const e = model.evaluations[i];
      const scenario = model.scenarios.find((s) => s.name === e.scenario);
      const held = [...new Set(e.evidence)].filter((id) => scenario.evidence[id]).sort((a, b) => a - b);
      // The page lists the first EVIDENCE_SHOWN cited records and offers the rest on a button.
      for (const id of held.slice(0, EVIDENCE_SHOWN)) assert.ok(shownIds.has(id), `evidence record ${id} shown`);
    }
    const visibleRows = await page.$$('#requirement-detail tr[data-cited="true"]:visible');
    assert.ok(visibleRows.length > 0, 'evidence rows visible');
    await shot(page, prefix, 'requirement-evidence');
    // Escape closes the detail and gives the focus back to the requirement's button.
    await page.keyboard.press('Escape');
    await page.waitForSelector('#requirement-detail:not([open])', { state: 'attached' });
    assert.equal(await page.evaluate(() => document.activeElement.dataset.requirement), cited.id);
    await filterText(page, '');

    // Records that point at a decoded certificate show it.
    const withCertificate = model.evaluations.find((e) => {
      const s = model.scenarios.find((x) => x.name === e.scenario);
      return e.evidence.some((id) => s.evidence[id] && s.evidence[id].certificate !== undefined);
    });
    if (withCertificate) {
      const owner = model.requirements.find((r) => r.id === withCertificate.id);
      await filterText(page, owner.id);
      await page.click(`button[data-requirement="${owner.id}"]`);
      await page.waitForSelector('#requirement-detail[open]');
      assert.ok((await page.$$('#requirement-detail [data-testid="certificate"]')).length > 0, 'a decoded certificate is shown');
      await page.click('#detail-close');
      await page.waitForSelector('#requirement-detail:not([open])', { state: 'attached' });
      await filterText(page, '');
    }

    // Every scenario: sequence chart, pictures and plots are SVGs with content.
    let pagedChecked = false;
    let lostChecked = false;
    for (let index = 0; index < model.scenarios.length; index++) {
      const s = model.scenarios[index];
      await page.selectOption('#scenario-select', String(index));
      const chart = await waitForSequence(page);
      const messages = s.sequence.messages.length;
      if (messages === 0) {
        assert.equal(chart.state, 'empty');
      } else {
        assert.equal(chart.state, 'drawn', `${s.name}: sequence chart drawn`);
        assert.equal(Number(chart.messages), Math.min(messages, SEQUENCE_PAGE));
        await assertSvg(page, '#sequence-chart', `${s.name} sequence chart`);
        const arrows = await page.$$eval('#sequence-chart svg [class^="messageLine"]', (l) => l.length);
        assert.equal(arrows, Number(chart.messages), `${s.name}: one arrow per message`);
        const lost = s.sequence.messages.slice(0, SEQUENCE_PAGE).filter((m) => m.status === 'dropped').length;
        assert.equal(Number(chart.lost), lost, `${s.name}: lost messages on the first page`);
        if (lost > 0) {
          const crosses = await page.$$eval('#sequence-chart svg [marker-end*="crosshead"]', (l) => l.length);
          assert.equal(crosses, lost, `${s.name}: each lost message drawn with a cross`);
          lostChecked = true;
        }
        const refused = s.sequence.messages.slice(0, SEQUENCE_PAGE).filter((m) => m.status === 'refused').length;
        assert.equal(Number(chart.refused), refused, `${s.name}: refused messages on the first page`);
        if (messages > SEQUENCE_PAGE && !pagedChecked) {
          await page.click('#sequence-next');
          await page.waitForFunction((n) => document.getElementById('sequence-chart').dataset.messages === String(n) &&
            document.getElementById('sequence-chart').dataset.state === 'drawn', Math.min(messages - SEQUENCE_PAGE, SEQUENCE_PAGE));
          await page.click('#sequence-prev');
          await page.waitForFunction(() => document.getElementById('sequence-info').textContent.startsWith('messages 1–'));
          pagedChecked = true;
        }
        if (lost > 0 || refused > 0) await shot(page, prefix, `sequence-${index}-all`, page.locator('[data-testid="sequence-panel"]'));
        const flows = [...new Set(s.sequence.messages.map((m) => (m.step || '').split('#')[0]).filter(Boolean))];
        if (flows.length) {
          await page.selectOption('#flow-select', flows[0]);
          const inFlow = s.sequence.messages.filter((m) => (m.step || '').split('#')[0] === flows[0]).length;
          await page.waitForFunction((n) => document.getElementById('sequence-chart').dataset.messages === String(n) &&
            document.getElementById('sequence-chart').dataset.state === 'drawn', Math.min(inFlow, SEQUENCE_PAGE));
          await shot(page, prefix, `sequence-${index}`, page.locator('[data-testid="sequence-panel"]'));
          await page.selectOption('#flow-select', 'all');
          await waitForSequence(page);
        }
      }
      await assertSvg(page, '[data-testid="topology"]', `${s.name} topology`);
      if (s.trust_svg) await assertSvg(page, '[data-testid="trust"]', `${s.name} trust picture`);
      else assert.equal(await page.$('[data-testid="trust"]'), null);
      if (s.ca_svg) await assertSvg(page, '[data-testid="ca"]', `${s.name} CA picture`);
      if (index === 0) await shot(page, prefix, 'topology', page.locator('[data-testid="topology-panel"]'));

      await page.click('[data-testid="plots-panel"] > summary');
      await page.waitForFunction(() => document.getElementById('plots').dataset.drawn === 'drawn', null, { timeout: 120000 });
      const m = s.metrics;
      const expected = { latency: m.enrolment_latency_ms.length, queues: m.queues.length, refs: m.messages_per_ref.length, renewals: m.renewals.length };
      for (const [key, n] of Object.entries(expected)) {
        if (n) await assertSvg(page, `[data-testid="plot-${key}"]`, `${s.name} plot ${key}`, 2);
        else assert.ok(await page.$(`[data-testid="plot-${key}-empty"]`), `${s.name}: plot ${key} says it has no data`);
      }
      if (expected.latency && expected.queues) await shot(page, prefix, 'plots', page.locator('[data-testid="plots-panel"]'));
    }
    assert.ok(lostChecked || !model.scenarios.some((s) => s.sequence.messages.slice(0, SEQUENCE_PAGE).some((m) => m.status === 'dropped')));

    // Keyboard: the verdict filter is reachable and usable without a mouse.
    await page.focus('#filter-verdict');
    await page.keyboard.press('ArrowDown');
    assert.notEqual(await page.$eval('#filter-verdict', (s) => s.value), '', 'the keyboard changes the verdict filter');

    assert.deepEqual(problems.console, [], 'no console error');
    assert.deepEqual(problems.requests, [], 'no request but the page itself');
  } finally {
    await context.close();
  }
}

test('the report shell filled with the sample model', async () => {
  assert.ok(shellPath && existsSync(shellPath), `IFA026_REPORT_SHELL names the built shell (${shellPath})`);
  const model = JSON.parse(readFileSync(join(sourceDir, 'reports', 'web', 'sample-model.json'), 'utf8'));
  const file = join(workDir, 'sample-report.html');
  writeFileSync(file, fillShell(readFileSync(shellPath, 'utf8'), model));
  await checkReport(file, model, model.counts, 'sample');
});

test('the report.html of a real `ifa026 conform` run', async () => {
  assert.ok(binary, 'IFA026_BIN names the ifa026 program (tests/report/CMakeLists.txt sets it)');
  const file = join(conformDir, 'report.html');
  assert.ok(existsSync(file), `ifa026 conform wrote ${file}`);
  const summary = JSON.parse(readFileSync(join(conformDir, 'summary.json'), 'utf8'));
  const model = modelOf(readFileSync(file, 'utf8'));
  for (const verdict of VERDICTS) assert.equal(model.counts[verdict] ?? 0, summary.counts[verdict] ?? 0, `model count ${verdict}`);
  await checkReport(file, model, summary.counts, 'conform');
});

test('a shell without data says so instead of failing silently', async () => {
  assert.ok(shellPath && existsSync(shellPath));
  const { page, context, problems } = await openPage(shellPath);
  try {
    assert.equal(await page.getAttribute('body', 'data-ready'), 'error');
    assert.match(await page.textContent('[data-testid="load-error"]'), /no report data/);
    assert.deepEqual(problems.console, [], 'no console error');
    assert.deepEqual(problems.requests, [], 'no request but the page itself');
  } finally {
    await context.close();
  }
});

test('a scenario with many VNFCIs folds those beyond 8 into one lifeline', async () => {
  assert.ok(shellPath && existsSync(shellPath));
  const model = JSON.parse(readFileSync(join(sourceDir, 'reports', 'web', 'sample-model.json'), 'utf8'));
  const base = model.scenarios[0];
  const vnfcis = Array.from({ length: 12 }, (_, i) => ({ name: `vnfci-${i + 1}`, type: 'vnfci' }));
  const messages = vnfcis.flatMap((v, i) => [
    { id: 2 * i + 1, t_ms: 10 * i, from: v.name, to: 'ca-1', op: 'ir', step: 'C.2.1.1#5', ref: 'Ca-Vnfci', status: 'delivered' },
    { id: 2 * i + 2, t_ms: 10 * i + 5, from: 'ca-1', to: v.name, op: 'ip', step: 'C.2.1.1#7', ref: 'Ca-Vnfci',
      status: i === 11 ? 'dropped' : 'delivered', ...(i === 11 ? { outcome: 'loss' } : {}) },
  ]);
  model.scenarios = [{ ...base, name: 'many-vnfcis', actors: [{ name: 'ca-1', type: 'ca' }, ...vnfcis],
    sequence: { messages, total: messages.length, sampled: false, note: '' } }];
  const file = join(workDir, 'many-vnfcis.html');
  writeFileSync(file, fillShell(readFileSync(shellPath, 'utf8'), model));
  const { page, context, problems } = await openPage(file);
  try {
    const chart = await waitForSequence(page);
    assert.equal(chart.state, 'drawn');
    const names = await page.$$eval('#sequence-chart svg text.actor', (t) => [...new Set(t.map((x) => x.textContent.trim()))]);
    assert.equal(names.length, 1 + 8 + 1, `ca-1, 8 VNFCIs and one folded lifeline: ${names.join(', ')}`);
    assert.ok(names.includes('vnfci ×4'), 'the folded lifeline names how many it holds');
    assert.ok(!names.includes('vnfci-9'), 'the ninth VNFCI has no lifeline of its own');
    assert.equal(Number(chart.lost), 1);
    await shot(page, 'sample', 'sequence-folded', page.locator('[data-testid="sequence-panel"]'));
    assert.deepEqual(problems.console, [], 'no console error');
    assert.deepEqual(problems.requests, [], 'no request but the page itself');
  } finally {
    await context.close();
  }
});

test('a long evidence list shows the first 200 cited records and the rest on request', async () => {
  assert.ok(shellPath && existsSync(shellPath));
  const model = JSON.parse(readFileSync(join(sourceDir, 'reports', 'web', 'sample-model.json'), 'utf8'));
  const scenario = model.scenarios[0];
  const cited = Array.from({ length: 250 }, (_, i) => 100000 + 2 * i);
  for (const id of cited) {
    scenario.evidence[id] = { id, t_ns: id * 1000, time: '2026-01-01T00:00:01Z', kind: 'send', actor: 'cmf-1', peer: 'ca-1', op: 'ir' };
  }
  const requirement = model.requirements[0];
  model.evaluations.push({ id: requirement.id, scenario: scenario.name, check: 'many records', verdict: 'pass', reason: 'r', evidence: cited });
  requirement.evaluations = [model.evaluations.length - 1];
  const file = join(workDir, 'long-evidence.html');
  writeFileSync(file, fillShell(readFileSync(shellPath, 'utf8'), model));
  const { page, context, problems } = await openPage(file);
  try {
    await page.click(`button[data-requirement="${requirement.id}"]`);
    await page.waitForSelector('#requirement-detail[open]');
    const count = () => page.$$eval('#requirement-detail tr[data-cited="true"]', (rows) => rows.length);
    assert.equal(await count(), EVIDENCE_SHOWN);
    await page.click('[data-testid="evidence-more"]');
    assert.equal(await count(), cited.length);
    assert.equal(await page.$('[data-testid="evidence-more"]'), null);
    assert.deepEqual(problems.console, [], 'no console error');
  } finally {
    await context.close();
  }
});
