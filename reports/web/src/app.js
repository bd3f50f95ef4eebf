// The ifa026 report page: reads the report model from the data element and draws the header,
// the requirement matrix with its filters, a requirement's evidence, and per scenario the
// sequence chart (Mermaid), the Graphviz pictures and the plots (Vega-Lite). No network.
'use strict';
(function () {
  const VERDICTS = ['pass', 'fail', 'inconc', 'error', 'none', 'not-testable', 'not-applicable'];
  const VERDICT_LABELS = {
    pass: 'pass', fail: 'fail', inconc: 'inconclusive', error: 'error', none: 'none (uncovered)',
    'not-testable': 'not testable', 'not-applicable': 'not applicable',
  };
  const MATRIX_PAGE = 100;
  const SEQUENCE_PAGE = 300;
  const VNFCI_LIFELINES = 8;
  const EVIDENCE_SHOWN = 200;
  const state = { model: null, filtered: [], matrixPage: 0, scenario: 0, flow: 'all', seqPage: 0, renderSerial: 0 };

  const $ = (id) => document.getElementById(id);
  const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => (
    { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const badge = (verdict) => `<span class="v v-${esc(verdict)}">${esc(verdict)}</span>`;
  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

  function readModel() {
    const element = $('ifa026-data');
    const text = element ? element.textContent.trim() : '';
    if (!text || text.startsWith('/*')) {
      throw new Error('this page has no report data (an unfilled report shell)');
    }
    return JSON.parse(text);
  }

  // ---- Header -------------------------------------------------------------------------------
  function renderHeader(model) {
    $('run-info').textContent = `${model.tool || ''} · generated ${model.generated_utc || ''} · ` +
      `${plural(model.scenarios.length, 'scenario')} · ${plural(model.requirements.length, 'requirement')}`;
    $('counts').innerHTML = VERDICTS.map((v) => `<button type="button" class="count c-${v}" data-verdict="${v}"
      aria-pressed="false" data-testid="count-button-${v}" title="Show only ${esc(VERDICT_LABELS[v])}">
      <span class="n" data-testid="count-${v}">${Number(model.counts[v] || 0)}</span>
      <span class="label">${esc(VERDICT_LABELS[v])}</span></button>`).join('');
    $('counts').addEventListener('click', (event) => {
      const button = event.target.closest('button[data-verdict]');
      if (!button) return;
      const select = $('filter-verdict');
      select.value = select.value === button.dataset.verdict ? '' : button.dataset.verdict;
      applyFilters();
    });
    $('annex-bars').innerHTML = model.annexes.map(renderAnnexBar).join('');
    const notes = [...(model.notes || [])];
    for (const s of model.scenarios) {
      if (s.sequence && s.sequence.note) notes.push(`${s.name}: ${s.sequence.note}`);
    }
    if (notes.length) {
      $('notes').innerHTML = notes.map((n) => `<li>${esc(n)}</li>`).join('');
      $('notes').hidden = false;
    }
  }

  function renderAnnexBar(annex) {
    const total = VERDICTS.reduce((sum, v) => sum + (annex.counts[v] || 0), 0);
    const title = VERDICTS.filter((v) => annex.counts[v]).map((v) => `${annex.counts[v]} ${v}`).join(', ');
    const segments = VERDICTS.filter((v) => annex.counts[v]).map((v) =>
      `<span class="bg-${v}" style="width:${(100 * annex.counts[v]) / Math.max(total, 1)}%"></span>`).join('');
    const name = /^[A-Z]$/.test(annex.annex) ? `Annex ${annex.annex}` : `Clause ${annex.annex}`;
    return `<span class="name">${esc(name)}</span>
      <div class="bar" role="img" aria-label="${esc(name)}: ${esc(title)}" title="${esc(title)}"
        data-testid="annex-bar-${esc(annex.annex)}">${segments}</div>
      <span class="total">${esc(title)}</span>`;
  }

  // ---- Matrix -------------------------------------------------------------------------------
  function fillFilters(model) {
    const option = (value, label) => `<option value="${esc(value)}">${esc(label)}</option>`;
    $('filter-verdict').innerHTML = option('', 'all verdicts') +
      VERDICTS.map((v) => option(v, `${VERDICT_LABELS[v]} (${model.counts[v] || 0})`)).join('');
    $('filter-annex').innerHTML = option('', 'all annexes') +
      model.annexes.map((a) => option(a.annex, a.annex)).join('');
    const actors = [...new Set(model.requirements.flatMap((r) => r.actors || []))].sort();
    $('filter-actor').innerHTML = option('', 'all actors') + actors.map((a) => option(a, a)).join('');
    for (const id of ['filter-verdict', 'filter-annex', 'filter-actor']) {
      $(id).addEventListener('change', applyFilters);
    }
    let timer = 0;
    $('filter-text').addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(applyFilters, 120);
    });
    $('filter-reset').addEventListener('click', () => {
      for (const id of ['filter-verdict', 'filter-annex', 'filter-actor', 'filter-text']) $(id).value = '';
      applyFilters();
    });
    $('matrix-prev').addEventListener('click', () => { state.matrixPage -= 1; renderMatrix(); });
    $('matrix-next').addEventListener('click', () => { state.matrixPage += 1; renderMatrix(); });
    $('matrix-body').addEventListener('click', (event) => {
      const button = event.target.closest('button[data-requirement]');
      if (button) openRequirement(button.dataset.requirement);
    });
  }

  function searchText(r) {
    if (!r._text) {
      r._text = [r.id, r.clause, r.subject, r.summary, r.reason, ...(r.scenarios || [])].join('\n').toLowerCase();
    }
    return r._text;
  }

  function applyFilters() {
    const verdict = $('filter-verdict').value;
    const annex = $('filter-annex').value;
    const actor = $('filter-actor').value;
    const words = $('filter-text').value.toLowerCase().split(/\s+/).filter(Boolean);
    state.filtered = state.model.requirements.filter((r) =>
      (!verdict || r.verdict === verdict) && (!annex || r.annex === annex) &&
      (!actor || (r.actors || []).includes(actor)) && words.every((w) => searchText(r).includes(w)));
    state.matrixPage = 0;
    $('matrix').dataset.text = $('filter-text').value;
    for (const b of document.querySelectorAll('#counts button')) {
      b.setAttribute('aria-pressed', String(b.dataset.verdict === verdict));
    }
    renderMatrix();
  }

  function renderMatrix() {
    const rows = state.filtered;
    const pages = Math.max(1, Math.ceil(rows.length / MATRIX_PAGE));
    state.matrixPage = Math.min(Math.max(state.matrixPage, 0), pages - 1);
    const start = state.matrixPage * MATRIX_PAGE;
    const page = rows.slice(start, start + MATRIX_PAGE);
    $('shown-count').textContent = String(rows.length);
    $('total-count').textContent = String(state.model.requirements.length);
    $('matrix-body').innerHTML = page.length ? page.map(matrixRow).join('') :
      '<tr><td colspan="6" class="empty">No requirement matches these filters.</td></tr>';
    $('matrix-page').textContent = rows.length ?
      `rows ${start + 1}–${start + page.length} of ${rows.length} · page ${state.matrixPage + 1} of ${pages}` : '';
    $('matrix-prev').disabled = state.matrixPage === 0;
    $('matrix-next').disabled = state.matrixPage >= pages - 1;
  }

  function matrixRow(r) {
    const scenarios = r.scenarios || [];
    const shown = scenarios.slice(0, 3).map(esc).join(', ') + (scenarios.length > 3 ? ` +${scenarios.length - 3}` : '');
    return `<tr data-testid="matrix-row" data-id="${esc(r.id)}" data-verdict="${esc(r.verdict)}">
      <td><button type="button" class="linkish" data-requirement="${esc(r.id)}" data-testid="open-requirement"
        aria-label="Open ${esc(r.id)}">${esc(r.id)}</button></td>
      <td>${badge(r.verdict)}</td><td>${esc(r.clause)}</td><td>${esc(r.subject)}</td>
      <td class="scen" title="${esc(scenarios.join(', '))}">${shown || '—'}</td>
      <td class="reason"><div title="${esc(r.reason)}">${esc(r.reason)}</div></td></tr>`;
  }

  // ---- Requirement detail -------------------------------------------------------------------
  function openRequirement(id) {
    const r = state.model.requirements.find((x) => x.id === id);
    const section = $('requirement-detail');
    if (!r) return;
    state.detailEvaluations = (r.evaluations || []).filter((i) => state.model.evaluations[i]);
    const evaluations = state.detailEvaluations.map((i) => state.model.evaluations[i]);
    section.innerHTML = `<header><h2 id="detail-title">${esc(r.id)}</h2>${badge(r.verdict)}
        <button type="button" id="detail-close" data-testid="detail-close">Close</button></header>
      <dl><dt>Clause</dt><dd>${esc(r.clause)} (annex ${esc(r.annex)})</dd>
        <dt>Subject</dt><dd>${esc(r.subject)}${(r.actors || []).length ? ` — actors: ${r.actors.map(esc).join(', ')}` : ''}</dd>
        <dt>Testability</dt><dd>${esc(r.testability)}</dd>
        <dt>Summary</dt><dd data-testid="detail-summary">${esc(r.summary)}</dd>
        <dt>Reason</dt><dd data-testid="detail-reason">${esc(r.reason)}</dd>
        <dt>Scenarios</dt><dd>${(r.scenarios || []).map(esc).join(', ') || '—'}</dd></dl>
      <h3>${plural(evaluations.length, 'evaluation')}</h3>
      ${evaluations.map((e, i) => renderEvaluation(e, i)).join('') || '<p class="empty">No scenario of this run evaluated it.</p>'}`;
    $('detail-close').addEventListener('click', () => section.close());
    history.replaceState(null, '', `#req=${encodeURIComponent(r.id)}`);
    if (!section.open) {
      state.detailOpener = document.activeElement;
      section.showModal();
    }
    section.scrollTop = 0;
    $('detail-close').focus();
  }

  function closedRequirement() {
    history.replaceState(null, '', location.pathname + location.search);
    const opener = state.detailOpener;
    const id = opener && opener.dataset ? opener.dataset.requirement : undefined;
    const again = id ? document.querySelector(`button[data-requirement="${CSS.escape(id)}"]`) : opener;
    if (again && document.contains(again)) again.focus();
  }

  // One evaluation: its verdict, reason and the cited records (the first EVIDENCE_SHOWN unless
  // `all`), each cited record's neighbours hidden until asked for.
  function renderEvaluation(e, index, all = false) {
    const scenario = state.model.scenarios.find((s) => s.name === e.scenario);
    const evidence = scenario ? scenario.evidence || {} : {};
    const citedAll = [...new Set(e.evidence || [])].filter((id) => evidence[id]).sort((a, b) => a - b);
    const citedShown = all ? citedAll : citedAll.slice(0, EVIDENCE_SHOWN);
    const cited = new Set(citedShown);
    const ids = new Set();
    for (const id of citedShown) for (let k = id - 3; k <= id + 3; k++) if (evidence[k]) ids.add(k);
    const rows = [...ids].sort((a, b) => a - b).map((id) => evidenceRow(evidence[id], cited.has(id), scenario));
    const missing = new Set(e.evidence || []).size - citedAll.length;
    const more = citedAll.length - citedShown.length;
    return `<div class="evaluation c-${esc(e.verdict)}" data-testid="evaluation" data-index="${index}" data-scenario="${esc(e.scenario)}">
      <h4>${badge(e.verdict)} <span>${esc(e.scenario)}</span> <span class="muted">${esc(e.check)}</span></h4>
      <p>${esc(e.reason)}</p>
      ${rows.length ? `<label class="muted"><input type="checkbox" data-context="${index}"> show the 3 records before and after each cited one</label>
      <div class="table-wrap"><table class="evidence" data-testid="evidence"><thead><tr><th>#</th><th>time</th><th>kind</th>
        <th>actor → peer</th><th>ref</th><th>op</th><th>step</th><th>outcome</th><th>detail</th></tr></thead>
        <tbody>${rows.join('')}</tbody></table></div>` : '<p class="empty">No trace records cited.</p>'}
      ${more ? `<p><button type="button" data-more="${index}" data-testid="evidence-more">Show all ${citedAll.length} cited records
        (${more} more)</button></p>` : ''}
      ${missing ? `<p class="muted">${plural(missing, 'cited record')} not in the report (see the trace file).</p>` : ''}</div>`;
  }

  // The dialog's controls, by delegation: context rows, and "show all" of a long evidence list.
  function listenToDetail(section) {
    section.addEventListener('change', (event) => {
      const box = event.target.closest('input[data-context]');
      if (!box) return;
      for (const row of box.closest('.evaluation').querySelectorAll('tr.context')) row.hidden = !box.checked;
    });
    section.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-more]');
      if (!button) return;
      const block = button.closest('.evaluation');
      const index = Number(button.dataset.more);
      const evaluation = state.model.evaluations[state.detailEvaluations[index]];
      block.outerHTML = renderEvaluation(evaluation, index, true);
    });
  }

  function evidenceRow(record, cited, scenario) {
    const peer = record.peer ? ` → ${esc(record.peer)}` : '';
    let certificate = '';
    if (record.certificate !== undefined && scenario && scenario.certificates) {
      const c = scenario.certificates[record.certificate];
      if (c) certificate = renderCertificate(c);
    }
    return `<tr class="${cited ? 'cited' : 'context'}" ${cited ? '' : 'hidden'} data-testid="evidence-record"
        data-record-id="${Number(record.id)}" data-cited="${cited}">
      <td>${Number(record.id)}</td><td class="mono">${esc(record.time || '')}</td><td>${esc(record.kind)}</td>
      <td>${esc(record.actor)}${peer}</td><td>${esc(record.ref || '')}</td><td>${esc(record.op || '')}</td>
      <td>${esc(record.step || '')}</td><td>${esc(record.outcome || '')}</td>
      <td class="detail-text">${esc(record.detail || '')}${certificate}</td></tr>`;
  }

  function renderCertificate(c) {
    const extensions = (c.extensions || []).map((x) =>
      `<dt>${esc(x.name)}${x.critical ? ' (critical)' : ''}</dt><dd>${esc(x.value)}</dd>`).join('');
    return `<details class="cert" data-testid="certificate"><summary>${esc(c.kind)} ${esc(c.serial || '')}</summary>
      <dl><dt>Subject</dt><dd>${esc(c.subject)}</dd><dt>Issuer</dt><dd>${esc(c.issuer)}</dd>
      <dt>Validity</dt><dd>${esc(c.not_before)} – ${esc(c.not_after)}</dd><dt>Key</dt><dd>${esc(c.key)}</dd>
      <dt>Signature</dt><dd>${esc(c.signature)}</dd>${extensions}</dl><pre>${esc(c.pem)}</pre></details>`;
  }

  // ---- Scenarios ----------------------------------------------------------------------------
  function fillScenarios(model) {
    $('scenario-select').innerHTML = model.scenarios.map((s, i) =>
      `<option value="${i}">${esc(s.name)}${s.error ? ' (harness error)' : ''}</option>`).join('');
    $('scenario-select').addEventListener('change', () => openScenario(Number($('scenario-select').value)));
    if (model.scenarios.length) openScenario(0);
    else $('scenario-panel').innerHTML = '<p class="empty">No scenario in this run.</p>';
  }

  function openScenario(index) {
    const s = state.model.scenarios[index];
    state.scenario = index;
    state.flow = 'all';
    state.seqPage = 0;
    $('scenario-select').value = String(index);
    const flows = [...new Set(s.sequence.messages.map(flowOf).filter(Boolean))].sort();
    const picture = (key, title, testid) => s[key] ? `<details class="panel" open data-testid="${testid}-panel">
      <summary>${title}</summary><div class="picture" data-testid="${testid}">${svgOnly(s[key])}</div></details>` : '';
    $('scenario-panel').innerHTML = `
      <div class="scenario-meta"><span>file <code>${esc(s.file)}</code></span><span>${plural(s.records, 'trace record')}</span>
        <span>${plural(s.actors.length, 'actor')}</span><span>${plural(s.sequence.total, 'message')}</span></div>
      <p>${esc(s.description)}</p>
      ${s.error ? `<p class="harness-error" data-testid="scenario-error">Harness error: ${esc(s.error)}</p>` : ''}
      ${s.sequence.note ? `<p class="notes" data-testid="scenario-note">${esc(s.sequence.note)}</p>` : ''}
      <details class="panel" open data-testid="sequence-panel"><summary>Sequence chart</summary>
        <div class="seq-controls">
          <label>Flow <select id="flow-select" data-testid="flow-select"><option value="all">all</option>
            ${flows.map((f) => `<option value="${esc(f)}">${esc(f)}</option>`).join('')}</select></label>
          <button type="button" id="sequence-prev" data-testid="sequence-prev">‹ Earlier</button>
          <span id="sequence-info" data-testid="sequence-info"></span>
          <button type="button" id="sequence-next" data-testid="sequence-next">Later ›</button>
        </div>
        <p class="seq-legend">Arrow: delivered · arrow ending in a cross, labelled LOST: dropped (with the
          drop reason) · red band, labelled REFUSED: answered rejected, refused or failed · lifelines in the order
          they first take part · VNFCIs beyond ${VNFCI_LIFELINES} share one lifeline.</p>
        <div class="picture" id="sequence-chart" data-testid="sequence-chart"></div></details>
      ${picture('topology_svg', 'Topology', 'topology')}
      ${picture('trust_svg', 'Trust domains', 'trust')}
      ${picture('ca_svg', 'CA hierarchy', 'ca')}
      <details class="panel" id="plots-panel" data-testid="plots-panel"><summary>Plots</summary>
        <div class="plots" id="plots" data-testid="plots"></div></details>
      <details class="panel" data-testid="links-panel"><summary>Links (${s.links.length})</summary>${linksTable(s)}</details>
      ${s.certificates && s.certificates.length ? `<details class="panel" data-testid="certificates-panel">
        <summary>Certificates (${s.certificates.length})</summary>${s.certificates.map(renderCertificate).join('')}</details>` : ''}`;
    $('flow-select').addEventListener('change', () => {
      state.flow = $('flow-select').value;
      state.seqPage = 0;
      renderSequence();
    });
    $('sequence-prev').addEventListener('click', () => { state.seqPage -= 1; renderSequence(); });
    $('sequence-next').addEventListener('click', () => { state.seqPage += 1; renderSequence(); });
    $('plots-panel').addEventListener('toggle', () => {
      if ($('plots-panel').open && !$('plots').dataset.drawn) renderPlots(s);
    });
    renderSequence();
  }

  function svgOnly(text) {
    const at = text.indexOf('<svg');
    return at >= 0 ? text.slice(at) : '';
  }

  function linksTable(s) {
    if (!s.links.length) return '<p class="empty">No messages.</p>';
    return `<div class="table-wrap"><table data-testid="links"><thead><tr><th>from</th><th>to</th><th>ref</th>
      <th>messages</th><th>bytes</th><th>drops</th></tr></thead><tbody>${s.links.map((l) => `<tr>
      <td>${esc(l.from)}</td><td>${esc(l.to)}</td><td>${esc(l.ref)}</td><td>${Number(l.messages)}</td>
      <td>${Number(l.bytes)}</td><td>${Number(l.drops)}</td></tr>`).join('')}</tbody></table></div>`;
  }

  // ---- Sequence chart -----------------------------------------------------------------------
  function flowOf(message) {
    const step = message.step || '';
    const hash = step.indexOf('#');
    return hash >= 0 ? step.slice(0, hash) : step;
  }

  // Lifelines: one per actor; the VNFCIs after the first few fold into one.
  function lifelineMap(s) {
    const map = new Map();
    const vnfcis = s.actors.filter((a) => a.type === 'vnfci');
    const folded = vnfcis.length > VNFCI_LIFELINES ? vnfcis.slice(VNFCI_LIFELINES) : [];
    const foldedName = `vnfci ×${folded.length}`;
    for (const a of s.actors) map.set(a.name, a.name);
    for (const a of folded) map.set(a.name, foldedName);
    return { map, folded: new Set(folded.map((a) => a.name)) };
  }

  // Text inside a Mermaid statement: no line breaks, and # ; : as entity codes.
  function mermaidText(text) {
    return String(text).replace(/[\r\n]+/g, ' ').replace(/[#;:<>]/g, (c) => `#${c.charCodeAt(0)};`);
  }

  function sequenceSource(s, messages) {
    const lifelines = lifelineMap(s);
    const ids = new Map();
    const idOf = (name) => {
      const line = lifelines.map.get(name) || name || '?';
      if (!ids.has(line)) ids.set(line, `p${ids.size}`);
      return ids.get(line);
    };
    const used = new Set();  // insertion order: first appearance
    for (const m of messages) { used.add(lifelines.map.get(m.from) || m.from); used.add(lifelines.map.get(m.to) || m.to); }
    // Lifelines from left to right in the order they first speak or are spoken to on this page.
    const order = [...used];
    const lines = ['sequenceDiagram'];
    for (const name of order) lines.push(`  participant ${idOf(name)} as ${mermaidText(name)}`);
    for (const m of messages) {
      const from = idOf(m.from);
      const to = idOf(m.to);
      const who = lifelines.folded.has(m.from) ? `${m.from}: ` : lifelines.folded.has(m.to) ? `→${m.to}: ` : '';
      let label = `${who}${m.op}${m.step ? ` [${m.step}]` : ''} @${formatMs(m.t_ms)}`;
      if (m.status === 'dropped') {
        lines.push(`  ${from}-x${to}: ${mermaidText(`${label} LOST${m.outcome ? ` (${m.outcome})` : ''}`)}`);
      } else if (m.status === 'refused') {
        label += ` REFUSED${m.outcome ? ` (${m.outcome})` : ''}`;
        lines.push('  rect rgba(207, 34, 46, 0.14)', `  ${from}->>${to}: ${mermaidText(label)}`, '  end');
      } else {
        lines.push(`  ${from}->>${to}: ${mermaidText(label)}`);
      }
    }
    return lines.join('\n');
  }

  function formatMs(ms) {
    if (ms >= 60000) return `${(ms / 1000).toFixed(1)} s`;
    if (ms >= 1000) return `${(ms / 1000).toFixed(3)} s`;
    return `${Number(ms).toFixed(ms % 1 ? 2 : 0)} ms`;
  }

  async function renderSequence() {
    const s = state.model.scenarios[state.scenario];
    const all = s.sequence.messages.filter((m) => state.flow === 'all' || flowOf(m) === state.flow);
    const pages = Math.max(1, Math.ceil(all.length / SEQUENCE_PAGE));
    state.seqPage = Math.min(Math.max(state.seqPage, 0), pages - 1);
    const start = state.seqPage * SEQUENCE_PAGE;
    const shown = all.slice(start, start + SEQUENCE_PAGE);
    const lost = shown.filter((m) => m.status === 'dropped').length;
    const refused = shown.filter((m) => m.status === 'refused').length;
    const chart = $('sequence-chart');
    $('sequence-info').textContent = all.length ?
      `messages ${start + 1}–${start + shown.length} of ${all.length}${s.sequence.sampled ? ` (sampled from ${s.sequence.total})` : ''}` +
      ` · ${lost} lost · ${refused} refused · page ${state.seqPage + 1} of ${pages}` : 'no messages';
    chart.dataset.lost = String(lost);
    chart.dataset.refused = String(refused);
    chart.dataset.messages = String(shown.length);
    $('sequence-prev').disabled = state.seqPage === 0;
    $('sequence-next').disabled = state.seqPage >= pages - 1;
    if (!shown.length) {
      chart.innerHTML = '<p class="empty">No messages in this flow.</p>';
      chart.dataset.state = 'empty';
      return;
    }
    const serial = ++state.renderSerial;
    chart.dataset.state = 'drawing';
    const source = sequenceSource(s, shown);
    try {
      const { svg } = await window.mermaid.render(`sequence-svg-${serial}`, source);
      if (serial !== state.renderSerial) return;
      chart.innerHTML = svg;
      chart.dataset.state = 'drawn';
    } catch (error) {
      if (serial !== state.renderSerial) return;
      chart.innerHTML = `<p class="harness-error">The sequence chart could not be drawn: ${esc(error.message || error)}</p>`;
      chart.dataset.state = 'failed';
      console.warn('mermaid', error, source);
    }
  }

  // ---- Plots --------------------------------------------------------------------------------
  function plotSpecs(s) {
    const m = s.metrics || {};
    const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 'container', height: 220,
      autosize: { type: 'fit', contains: 'padding' } };
    const specs = [];
    specs.push(['latency', 'Enrolment latency (ms)', (m.enrolment_latency_ms || []).length, 'No enrolment completed.', {
      ...base, data: { values: (m.enrolment_latency_ms || []).map((v) => ({ latency: v })) }, mark: 'bar',
      encoding: { x: { field: 'latency', bin: { maxbins: 30 }, title: 'latency (ms, simulated)' },
        y: { aggregate: 'count', title: 'enrolments', axis: { tickMinStep: 1, format: 'd' } } } }]);
    const queuePoints = (m.queues || []).flatMap((q) => q.points.map(([t, n]) => ({ t, n, queue: `${q.actor}/${q.queue}` })));
    specs.push(['queues', 'Queue lengths over time', queuePoints.length, 'No work queue recorded.', {
      ...base, data: { values: queuePoints }, mark: { type: 'line', interpolate: 'step-after', point: queuePoints.length < 200 },
      encoding: { x: { field: 't', type: 'quantitative', title: 'time (ms)' },
        y: { field: 'n', type: 'quantitative', title: 'waiting jobs', axis: { tickMinStep: 1, format: 'd' } }, color: { field: 'queue', type: 'nominal' } } }]);
    specs.push(['refs', 'Messages per reference point', (m.messages_per_ref || []).length, 'No messages.', {
      ...base, data: { values: m.messages_per_ref || [] }, mark: 'bar',
      encoding: { y: { field: 'ref', type: 'nominal', sort: '-x', title: null },
        x: { field: 'messages', type: 'quantitative' }, tooltip: [{ field: 'ref' }, { field: 'messages' }, { field: 'bytes' }] } }]);
    const renewals = (m.renewals || []).map(([t, n]) => ({ t, n }));
    specs.push(['renewals', 'Renewals over time (cumulative)', renewals.length, 'No renewal.', {
      ...base, data: { values: renewals }, mark: { type: 'line', interpolate: 'step-after', point: true },
      encoding: { x: { field: 't', type: 'quantitative', title: 'time (ms)' },
        y: { field: 'n', type: 'quantitative', title: 'renewals' } } }]);
    return specs;
  }

  async function renderPlots(s) {
    const container = $('plots');
    container.dataset.drawn = 'drawing';
    const specs = plotSpecs(s);
    container.innerHTML = specs.map(([key, title, n, empty]) => `<div class="plot"><h4>${esc(title)}</h4>
      ${n ? `<div class="picture" id="plot-${key}" data-testid="plot-${key}"></div>` : `<p class="empty" data-testid="plot-${key}-empty">${esc(empty)}</p>`}</div>`).join('');
    for (const [key, , n, , spec] of specs) {
      if (!n) continue;
      try {
        await window.vegaEmbed(`#plot-${key}`, spec, { actions: false, renderer: 'svg' });
      } catch (error) {
        $(`plot-${key}`).innerHTML = `<p class="harness-error">This plot could not be drawn: ${esc(error.message || error)}</p>`;
        console.warn('vega', error);
      }
    }
    container.dataset.drawn = 'drawn';
  }

  // ---- Start --------------------------------------------------------------------------------
  function start() {
    try {
      state.model = readModel();
    } catch (error) {
      document.querySelector('main').innerHTML = `<p class="harness-error" data-testid="load-error">${esc(error.message)}</p>`;
      document.body.dataset.ready = 'error';
      return;
    }
    window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default', maxTextSize: 5000000,
      sequence: { useMaxWidth: false, showSequenceNumbers: false, wrap: false, messageFontSize: 12 } });
    renderHeader(state.model);
    fillFilters(state.model);
    $('requirement-detail').addEventListener('close', closedRequirement);
    listenToDetail($('requirement-detail'));
    applyFilters();
    fillScenarios(state.model);
    const hash = /^#req=(.+)$/.exec(location.hash);
    if (hash) openRequirement(decodeURIComponent(hash[1]));
    document.body.dataset.ready = 'true';
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
