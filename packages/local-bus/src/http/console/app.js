/* global document, window, Node, EventSource */
// The console: plain DOM and fetch, no framework. Every piece of event content is set with textContent or
// value, never innerHTML, so nothing in an event can become markup or script.
'use strict';

const $ = (selector) => document.querySelector(selector);
/** Creates an element with text content and attributes; children may be elements or strings. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('data-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children)
    node.append(child instanceof Node ? child : document.createTextNode(String(child ?? '')));
  return node;
}

const state = { selected: undefined, rows: new Map() };

async function api(path, init) {
  const response = await fetch(path, init);
  const body = await response.json();
  if (!response.ok) throw new Error(`${body.__type}: ${body.message}`);
  return body;
}

function statusOf(view) {
  if (view.dropped) return 'dropped';
  if (view.deliveries.length === 0) return 'no rule';
  for (const s of ['pending', 'failed', 'undeliverable'])
    if (view.deliveries.some((d) => d.status === s)) return s;
  return 'succeeded';
}

function renderRow(view) {
  const status = statusOf(view);
  const row = el(
    'tr',
    { 'data-testid': 'event-row', 'data-id': view.id },
    el('td', {}, new Date(view.acceptedAt).toLocaleTimeString()),
    el('td', {}, `${view.event.source} / ${view.event['detail-type']}`),
    el('td', {}, view.rules.join(', ') || '—'),
    el('td', { class: `status-${status.replace(' ', '-')}` }, status),
  );
  row.addEventListener('click', () => select(view.id));
  if (state.selected === view.id) row.classList.add('selected');
  const existing = state.rows.get(view.id);
  if (existing) existing.replaceWith(row);
  else $('#events tbody').prepend(row);
  state.rows.set(view.id, row);
  while (state.rows.size > 200) {
    const [oldest, node] = state.rows.entries().next().value;
    node.remove();
    state.rows.delete(oldest);
  }
}

async function refreshEvent(id) {
  try {
    const view = await api(`/_paved/events/${encodeURIComponent(id)}`);
    renderRow(view);
    if (state.selected === id) renderDetail(view);
  } catch {
    // Evicted from the bus's history: nothing to refresh.
  }
}

/** A link to an event (selects it) or to a request or upload (shows it), by id. */
function linkTo(kind, id) {
  const link = el('a', { href: '#', 'data-testid': `link-${kind}`, 'data-id': id }, `${kind} ${id}`);
  link.addEventListener('click', (click) => {
    click.preventDefault();
    if (kind === 'event') select(id);
    else void showRequest(id);
  });
  return link;
}

/** A line of links, such as "caused: event a, event b", or nothing when there are none. */
function links(label, testId, kind, ids) {
  if (!ids || ids.length === 0) return '';
  const line = el('div', { class: 'links', 'data-testid': testId }, `${label}: `);
  ids.forEach((id, i) => line.append(...(i > 0 ? [', '] : []), linkTo(kind, id)));
  return line;
}

/** An API request or an upload: what it answered, and the events it put on a bus. */
async function showRequest(id) {
  state.selected = undefined;
  const detail = $('#event-detail');
  try {
    const request = await api(`/_paved/requests/${encodeURIComponent(id)}`);
    detail.replaceChildren(
      el('h2', { 'data-testid': 'request' }, `${request.method} ${request.path} → ${request.status}`),
      el(
        'p',
        { class: 'muted' },
        `${request.kind === 'api' ? 'API request' : 'upload'} ${request.id} · ${request.target} · ${Math.round(request.durationMs)} ms · ${new Date(request.at).toISOString()}`,
      ),
      request.error
        ? el('p', { class: 'status-failed' }, `${request.error.errorType}: ${request.error.errorMessage}`)
        : '',
      links('caused', 'request-caused', 'event', request.events) || el('p', { class: 'muted' }, 'No events.'),
      request.logs ? el('pre', {}, request.logs) : '',
    );
  } catch (error) {
    detail.replaceChildren(el('p', { class: 'muted' }, String(error.message)));
  }
}

function renderDetail(view) {
  const detail = $('#event-detail');
  const causedBy = view.causedBy
    ? el(
        'div',
        { class: 'links', 'data-testid': 'caused-by' },
        'caused by: ',
        linkTo(view.causedBy.kind, view.causedBy.id),
      )
    : '';
  detail.replaceChildren(
    el('h2', {}, `${view.event.source} / ${view.event['detail-type']}`),
    el(
      'p',
      { class: 'muted' },
      `id ${view.id} · bus ${view.bus} · ${new Date(view.acceptedAt).toISOString()}`,
    ),
    view.traceId ? traceLink(view.traceId) : '',
    view.forwardedFrom
      ? el(
          'p',
          { class: 'muted' },
          `forwarded from ${view.forwardedFrom.bus} by rule ${view.forwardedFrom.rule}`,
        )
      : '',
    causedBy,
    links('caused', 'caused', 'event', view.caused),
    view.dropped ? el('p', { class: 'status-dropped' }, view.dropped) : '',
    view.unmatched
      ? el(
          'p',
          { class: 'status-no-rule', 'data-testid': 'unmatched' },
          `This event ${view.unmatched.message}`,
        )
      : '',
    el('h3', {}, 'Matched rules'),
    el(
      'ul',
      { 'data-testid': 'matched-rules' },
      ...(view.rules.length
        ? view.rules.map((rule) => el('li', {}, rule))
        : [el('li', { class: 'muted' }, 'none')]),
    ),
    el('h3', {}, 'Deliveries'),
    ...view.deliveries.map((delivery) =>
      el(
        'div',
        {
          class: 'delivery',
          'data-testid': 'delivery',
          'data-rule': delivery.rule,
          'data-status': delivery.status,
        },
        el('strong', {}, delivery.rule),
        ' ',
        el('span', { class: `status-${delivery.status}` }, delivery.status),
        delivery.origin.kind === 'replay' || delivery.origin.kind === 'redrive'
          ? el(
              'span',
              { class: 'badge' },
              delivery.origin.kind === 'replay' ? `replay ${delivery.origin.name}` : 'redrive',
            )
          : '',
        delivery.queue ? el('div', { class: 'muted' }, `→ ${delivery.queue}`) : '',
        delivery.reason ? el('div', { class: 'muted' }, delivery.reason) : '',
        links('caused', 'delivery-caused', 'event', delivery.caused),
        el(
          'ol',
          {},
          ...delivery.attempts.map((a) =>
            el(
              'li',
              { 'data-testid': 'attempt' },
              `${a.kind} #${a.n}: ${a.ok ? 'ok' : `${a.error?.errorType}: ${a.error?.errorMessage}`} (${Math.round(a.durationMs)} ms)`,
              a.batch ? batchInfo(a.batch) : '',
              a.logs ? el('pre', {}, a.logs) : '',
            ),
          ),
        ),
      ),
    ),
    el('h3', {}, 'Event'),
    el('pre', { 'data-testid': 'event-json' }, JSON.stringify(view.event, null, 2)),
  );
}

/** Which batch of a queue or stream delivered the event in an attempt, and how the batch ended. */
function batchInfo(batch) {
  const failed = batch.outcome === 'partial' ? `, ${batch.failed} of ${batch.size} failed` : '';
  return el(
    'div',
    {
      class: 'muted',
      'data-testid': 'attempt-batch',
      'data-batch': batch.id,
      'data-outcome': batch.outcome,
    },
    `${batch.source} batch ${batch.id.slice(0, 8)} of ${batch.size} record${batch.size === 1 ? '' : 's'}, ` +
      `attempt ${batch.attempt}: ${batch.outcome}${failed}`,
  );
}

/** The button that opens the event's trace in the Traces tab (see traces.js). */
function traceLink(traceId) {
  const button = el('button', { class: 'trace-open', 'data-testid': 'open-trace' }, `View trace ${traceId}`);
  button.addEventListener('click', () => window.pavedTraces.open(traceId));
  return el('p', {}, button);
}

function select(id) {
  state.selected = id;
  for (const [rowId, row] of state.rows) row.classList.toggle('selected', rowId === id);
  void refreshEvent(id);
}

async function loadEvents() {
  const { events } = await api('/_paved/events?limit=100');
  for (const view of events.reverse()) renderRow(view);
}

async function loadQueues() {
  const { queues } = await api('/_paved/dlq');
  const total = queues.reduce((n, q) => n + q.messages.length, 0);
  $('#dlq-count').textContent = total ? String(total) : '';
  $('#queues').replaceChildren(
    ...queues.map((queue) => {
      const button = el(
        'button',
        { 'data-testid': 'redrive', disabled: queue.messages.length === 0 },
        'Redrive',
      );
      button.addEventListener('click', async () => {
        button.disabled = true;
        // JSON with its content type: the bus refuses state changes a page on another site could send.
        await api(`/_paved/dlq/${encodeURIComponent(queue.name)}/redrive`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        await loadQueues();
      });
      return el(
        'div',
        {
          class: 'queue',
          'data-testid': 'queue',
          'data-queue': queue.name,
          'data-count': String(queue.messages.length),
        },
        el(
          'h3',
          {},
          queue.name,
          el('span', { class: 'badge' }, queue.kind),
          el('span', { class: 'badge' }, `${queue.messages.length} messages`),
          button,
        ),
        ...queue.messages
          .slice(0, 20)
          .map((m) =>
            el(
              'div',
              { class: 'muted' },
              `event ${m.eventId} · ${new Date(m.at).toLocaleTimeString()} · ${m.attributes.ERROR_MESSAGE ?? JSON.parse(m.body).responsePayload?.errorMessage ?? ''}`,
            ),
          ),
      );
    }),
  );
}

async function loadSubscriptions() {
  const { bus, subscriptions } = await api('/_paved/subscriptions');
  $('#bus-name').textContent = `bus: ${bus}`;
  $('#subscriptions tbody').replaceChildren(
    ...subscriptions.map((s) =>
      el(
        'tr',
        { 'data-testid': 'subscription' },
        el('td', {}, el('strong', {}, s.id), el('div', { class: 'muted' }, s.description)),
        el('td', {}, s.contract),
        el('td', {}, el('pre', {}, JSON.stringify(s.pattern, null, 1))),
        el('td', {}, `${s.retryAttempts} retries, ${s.timeoutSeconds}s timeout`),
        el('td', {}, s.failureQueue, el('br'), s.deliveryQueue),
      ),
    ),
  );
}

async function runTester() {
  const output = $('#tester-result');
  const response = await fetch('/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.TestEventPattern' },
    body: JSON.stringify({ EventPattern: $('#tester-pattern').value, Event: $('#tester-event').value }),
  });
  const body = await response.json();
  output.textContent = response.ok
    ? body.Result
      ? 'Matches'
      : 'Does not match'
    : `${body.__type}: ${body.message}`;
  output.dataset.result = response.ok ? String(body.Result) : 'error';
}

// Replay from the archive. A handler that already handled an event returns its recorded outcome, so a replay
// changes nothing unless forced: then each event carries `paved-rerun: replay:<name>` and handlers run again.
function replayForm() {
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const from = el('input', { type: 'text', value: hourAgo, 'data-testid': 'replay-from', spellcheck: false });
  const to = el('input', { type: 'text', value: 'now', 'data-testid': 'replay-to', spellcheck: false });
  const force = el('input', { type: 'checkbox', 'data-testid': 'replay-force' });
  const button = el('button', { 'data-testid': 'replay-run' }, 'Replay');
  const output = el('output', { 'data-testid': 'replay-result' });
  button.addEventListener('click', async () => {
    const time = (value) => (value.trim() === 'now' ? Date.now() : Date.parse(value)) / 1000;
    const name = `console-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      const { State } = await api('/_paved/replays', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ReplayName: name,
          EventStartTime: time(from.value),
          EventEndTime: time(to.value),
          Force: force.checked,
        }),
      });
      output.textContent = `Replay ${name}: ${State}${force.checked ? ' (forced)' : ''}`;
    } catch (error) {
      output.textContent = String(error.message ?? error);
    }
  });
  return el(
    'details',
    { class: 'replay', 'data-testid': 'replay' },
    el('summary', {}, 'Replay from the archive'),
    el('label', {}, 'From ', from),
    el('label', {}, ' to ', to),
    el('label', {}, ' ', force, ' Force: run handlers again on events they already handled'),
    el(
      'p',
      { class: 'muted' },
      'Without Force, a handler that already handled an event returns its recorded outcome and changes nothing. ' +
        'Forced, every replayed event carries paved-rerun: replay:<name> and its handlers run again; emails already ' +
        'sent and events already published keep their own records and are not sent twice.',
    ),
    button,
    output,
  );
}

async function loadCatalog() {
  const container = $('#catalog');
  try {
    window.pavedCatalog.render(container, await api('/_paved/catalog'));
  } catch (error) {
    container.replaceChildren(el('p', { class: 'status-failed' }, String(error.message ?? error)));
  }
}

// Hot reload: one notice per function, the newest first, saying which handler reloaded (the next event runs its
// new code) or why it did not (esbuild's message with file:line) and that it keeps its last good code meanwhile.
const reloadNotices = new Map();
function showReload(reload) {
  let list = $('#reloads');
  if (!list) {
    list = el('section', { id: 'reloads', class: 'reloads', 'data-testid': 'reloads' });
    document.querySelector('header').after(list);
  }
  const ok = reload.status === 'reloaded';
  const when = new Date(reload.at).toLocaleTimeString();
  const kind = reload.kind === 'api' ? 'API function' : 'handler';
  const notice = el(
    'div',
    {
      class: `reload ${ok ? 'status-succeeded' : 'status-failed'}`,
      'data-testid': 'reload',
      'data-function': reload.function,
      'data-status': reload.status,
      'data-version': String(reload.version),
    },
    ok
      ? `${when} reloaded ${kind} ${reload.function} (version ${reload.version})` +
          `${reload.changed.length ? `: ${reload.changed.join(', ')} changed` : ''}. The next event runs the new code.`
      : `${when} ${kind} ${reload.function} did not reload; it keeps running ${reload.version ? `version ${reload.version}` : 'nothing'}.`,
    ok ? '' : el('pre', { 'data-testid': 'reload-error' }, reload.error ? reload.error.message : ''),
  );
  reloadNotices.get(reload.function)?.remove();
  reloadNotices.delete(reload.function);
  reloadNotices.set(reload.function, notice);
  list.prepend(notice);
  while (reloadNotices.size > 5) {
    const [oldest, node] = reloadNotices.entries().next().value;
    node.remove();
    reloadNotices.delete(oldest);
  }
}

function connect() {
  const stream = new EventSource('/_paved/stream');
  stream.onopen = () => ($('#connection').textContent = 'live');
  stream.onerror = () => ($('#connection').textContent = 'reconnecting…');
  const refresh = (message) => void refreshEvent(JSON.parse(message.data).id);
  stream.addEventListener('accepted', refresh);
  stream.addEventListener('dropped', refresh);
  stream.addEventListener('outcome', refresh);
  stream.addEventListener('outcome', () => window.pavedTraces.onActivity());
  stream.addEventListener('attempt', (message) => {
    const { id } = JSON.parse(message.data);
    if (id && id === state.selected) void refreshEvent(id);
  });
  stream.addEventListener('dlq', () => void loadQueues());
  stream.addEventListener('reload', (message) => showReload(JSON.parse(message.data)));
}

for (const button of document.querySelectorAll('nav button')) {
  button.addEventListener('click', () => {
    for (const b of document.querySelectorAll('nav button')) b.classList.toggle('active', b === button);
    for (const tab of document.querySelectorAll('.tab')) tab.hidden = tab.id !== `tab-${button.dataset.tab}`;
    if (button.dataset.tab === 'dlq') void loadQueues();
    if (button.dataset.tab === 'catalog') void loadCatalog();
  });
}
$('#tab-events').prepend(replayForm());
$('#tester-run').addEventListener('click', () => void runTester());
$('#tester-event').value = JSON.stringify(
  {
    id: '1',
    account: '000000000000',
    source: 'myapp.userservice',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    'detail-type': 'user_signup',
    detail: {},
  },
  null,
  2,
);
void loadSubscriptions();
void loadEvents();
void loadQueues();
connect();
