/* global document, window, Node */
// The console's trace view: a search over the traces the bus holds, and one trace as a waterfall (rows indented
// by the tree, bars placed on one time axis, coloured by outcome, each attempt's log lines a click away). Plain DOM:
// every value is set with textContent, never innerHTML, so nothing in an event or a log line becomes markup.
'use strict';

(function () {
  const $ = (selector) => document.querySelector(selector);

  function h(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (key === 'class') node.className = value;
      else if (key === 'style') node.style.cssText = value;
      else node.setAttribute(key, value);
    }
    for (const child of children)
      if (child !== undefined && child !== null && child !== '')
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  async function api(path) {
    const response = await fetch(path);
    const body = await response.json();
    if (!response.ok) throw new Error(`${body.__type}: ${body.message}`);
    return body;
  }

  const ms = (value) => (value >= 10000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);
  const plural = (n, word, words) => `${n} ${n === 1 ? word : words || `${word}s`}`;

  function countsText(counts) {
    return [
      plural(counts.events, 'event'),
      plural(counts.deliveries, 'delivery', 'deliveries'),
      `${plural(counts.attempts, 'attempt')}${counts.failedAttempts ? ` (${counts.failedAttempts} failed)` : ''}`,
      counts.dlq ? plural(counts.dlq, 'DLQ hop') : '',
      counts.redrives ? plural(counts.redrives, 'redrive') : '',
      counts.replays ? plural(counts.replays, 'replayed delivery', 'replayed deliveries') : '',
    ]
      .filter(Boolean)
      .join(', ');
  }

  /** What a row says after its name: ids, and why it failed. */
  function detailOf(node) {
    switch (node.kind) {
      case 'request':
        return `${node.target} · ${node.requestId}`;
      case 'event':
        return `${node.eventId} · ${node.bus}`;
      case 'attempt':
        return node.error ? `${node.error.errorType}: ${node.error.errorMessage}` : node.requestId;
      case 'dlq':
        return node.reason || '';
      default:
        return '';
    }
  }

  const state = { traceId: undefined, open: new Set(), refreshing: false };

  /** The rows of the tree, depth first: each node with its depth. */
  function flatten(roots) {
    const rows = [];
    const visit = (node, depth) => {
      rows.push({ node, depth });
      for (const child of node.children) visit(child, depth + 1);
    };
    for (const root of roots) visit(root, 0);
    return rows;
  }

  function axis(duration) {
    const ticks = [0, 0.25, 0.5, 0.75, 1].map((at) =>
      h(
        'span',
        { class: 'trace-tick', style: `left:${at * 100}%` },
        h('span', { class: 'trace-tick-label' }, ms(duration * at)),
      ),
    );
    return h(
      'div',
      { class: 'trace-row trace-axis-row' },
      h('div', { class: 'trace-label muted' }, 'what happened'),
      h('div', { class: 'trace-track trace-axis', 'data-testid': 'trace-axis' }, ...ticks),
    );
  }

  function row(trace, node, depth) {
    const total = Math.max(1, trace.durationMs);
    const left = ((node.start - trace.start) / total) * 100;
    const width = Math.max(0.4, (node.durationMs / total) * 100);
    const barLeft = Math.min(left, 99.6);
    const barWidth = Math.min(width, 100 - barLeft);
    const logs = node.logs && node.logs.length > 0 ? node.logs : undefined;
    const key = node.id;
    const toggle = logs
      ? h(
          'button',
          { class: 'trace-logs-toggle', 'data-testid': 'trace-logs-toggle', type: 'button' },
          `${state.open.has(key) ? '▾' : '▸'} logs (${logs.length})`,
        )
      : '';
    const detail = detailOf(node);
    const line = h(
      'div',
      {
        class: `trace-row trace-kind-${node.kind}`,
        'data-testid': 'trace-row',
        'data-kind': node.kind,
        'data-depth': String(depth),
        'data-outcome': node.outcome,
        'data-id': node.id,
        title: `${node.kind} ${node.name}\n${new Date(node.start).toISOString()} · ${ms(node.durationMs)} · ${node.outcome}${detail ? `\n${detail}` : ''}`,
      },
      h(
        'div',
        { class: 'trace-label', style: `padding-left:${0.4 + depth * 1.1}rem` },
        h('span', { class: `trace-kind trace-kind-badge-${node.kind}` }, node.kind),
        h('span', { class: 'trace-name', 'data-testid': 'trace-name' }, node.name),
        h('span', { class: 'trace-duration muted' }, ms(node.durationMs)),
        toggle,
      ),
      h(
        'div',
        { class: 'trace-track' },
        h('div', {
          class: `trace-bar outcome-${node.outcome}`,
          'data-testid': 'trace-bar',
          // A DLQ hop is a moment: a marker, not a bar.
          style:
            node.kind === 'dlq' ? `left:${Math.min(barLeft, 98.8)}%` : `left:${barLeft}%;width:${barWidth}%`,
        }),
        // Beside the bar, on whichever side has more room, no wider than that room.
        detail && node.kind !== 'event'
          ? h(
              'span',
              {
                class: 'trace-bar-text',
                style:
                  barLeft > 100 - barLeft - barWidth
                    ? `right:calc(${100 - barLeft}% + 0.4rem);max-width:calc(${barLeft}% - 0.8rem);text-align:right`
                    : `left:calc(${barLeft + barWidth}% + 0.4rem);max-width:calc(${100 - barLeft - barWidth}% - 0.8rem)`,
              },
              detail,
            )
          : '',
      ),
    );
    const pane = logs
      ? h('pre', { class: 'trace-logs', 'data-testid': 'trace-logs', hidden: '' }, logs.join('\n'))
      : undefined;
    if (pane && state.open.has(key)) pane.hidden = false;
    if (toggle)
      toggle.addEventListener('click', (click) => {
        click.stopPropagation();
        pane.hidden = !pane.hidden;
        if (pane.hidden) state.open.delete(key);
        else state.open.add(key);
        toggle.textContent = `${pane.hidden ? '▸' : '▾'} logs (${logs.length})`;
      });
    return pane ? [line, pane] : [line];
  }

  function render(trace) {
    const view = $('#trace-view');
    view.replaceChildren(
      h(
        'div',
        { class: 'trace-head' },
        h('h2', {}, 'Trace ', h('code', { 'data-testid': 'trace-id' }, trace.traceId)),
        h(
          'p',
          { class: 'muted', 'data-testid': 'trace-summary' },
          `${trace.root.name} · ${new Date(trace.start).toISOString()} · ${ms(trace.durationMs)} · `,
          h('span', { class: `status-${trace.outcome}` }, trace.outcome),
          ` · ${countsText(trace.counts)}`,
          trace.correlationIds.length ? ` · correlation ${trace.correlationIds.join(', ')}` : '',
        ),
      ),
      h(
        'div',
        { class: 'trace-waterfall', 'data-testid': 'trace-waterfall' },
        axis(trace.durationMs),
        ...flatten(trace.roots).flatMap(({ node, depth }) => row(trace, node, depth)),
      ),
    );
  }

  async function show(traceId) {
    state.traceId = traceId;
    const view = $('#trace-view');
    try {
      render(await api(`/_paved/traces/${encodeURIComponent(traceId)}`));
    } catch (error) {
      view.replaceChildren(h('p', { class: 'status-failed', 'data-testid': 'trace-error' }, error.message));
    }
  }

  async function search() {
    const params = new URLSearchParams();
    for (const [name, selector] of [
      ['q', '#trace-q'],
      ['source', '#trace-source'],
      ['detailType', '#trace-detail-type'],
      ['correlationId', '#trace-correlation'],
    ]) {
      const value = $(selector).value.trim();
      if (value) params.set(name, value);
    }
    const list = $('#trace-results');
    try {
      const { traces } = await api(`/_paved/traces?${params}`);
      list.replaceChildren(
        ...(traces.length === 0
          ? [h('li', { class: 'muted' }, 'No trace matches.')]
          : traces.map((trace) => {
              const item = h(
                'li',
                { 'data-testid': 'trace-result', 'data-trace-id': trace.traceId },
                h('span', { class: `trace-dot outcome-${trace.outcome}` }),
                h('strong', {}, trace.root.name),
                h(
                  'span',
                  { class: 'muted' },
                  ` ${new Date(trace.start).toLocaleTimeString()} · ${ms(trace.durationMs)} · ${countsText(trace.counts)}`,
                ),
              );
              item.addEventListener('click', () => void show(trace.traceId));
              return item;
            })),
      );
    } catch (error) {
      list.replaceChildren(h('li', { class: 'status-failed' }, error.message));
    }
  }

  /** Opens the Traces tab on one trace: what the event view's "View trace" does. */
  function open(traceId) {
    const tab = document.querySelector('nav button[data-tab="traces"]');
    if (tab) tab.click();
    void show(traceId);
  }

  /** The bus did something: the trace on screen may have grown. At most one refresh at a time. */
  function onActivity() {
    if (!state.traceId || state.refreshing || $('#tab-traces').hidden) return;
    state.refreshing = true;
    setTimeout(() => {
      state.refreshing = false;
      void show(state.traceId);
    }, 300);
  }

  $('#trace-search').addEventListener('submit', (submit) => {
    submit.preventDefault();
    void search();
  });
  window.pavedTraces = { open, show, search, onActivity };
})();
