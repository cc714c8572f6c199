/* global document, window, Node */
// The event catalog's renderer, shared by the console's Catalog tab and the static site `paved catalog --out`
// writes. Plain DOM: every value is set with textContent, never innerHTML.
'use strict';

(function () {
  function h(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (key === 'class') node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children)
      if (child !== undefined && child !== null)
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  const json = (value) => h('pre', { class: 'catalog-json' }, JSON.stringify(value, null, 2));

  function list(testid, items, empty) {
    if (items.length === 0) return h('p', { class: 'muted' }, empty);
    return h('ul', { class: 'catalog-list', 'data-testid': testid }, ...items);
  }

  function renderProducer(p) {
    return h(
      'li',
      { 'data-testid': 'catalog-producer', 'data-kind': p.kind },
      h('span', { class: 'catalog-kind' }, p.kind),
      ' ',
      h('strong', {}, p.name),
      ' ',
      h('span', { class: 'muted' }, p.detail + (p.version ? ` · v${p.version}` : '')),
    );
  }

  function renderConsumer(c) {
    const pattern = h('details', {}, h('summary', {}, 'pattern'), json(c.pattern));
    return h(
      'li',
      { 'data-testid': 'catalog-consumer', 'data-id': c.id },
      h('strong', {}, c.id),
      ' ',
      h('span', { class: 'muted' }, `v${c.version} · ${c.description}`),
      pattern,
    );
  }

  function renderVersion(v) {
    const history = v.history
      ? list(
          'catalog-history',
          v.history.map((r) =>
            h(
              'li',
              {},
              h('time', {}, r.date.slice(0, 10)),
              ' ',
              h('code', {}, r.commit.slice(0, 8)),
              ' ',
              r.subject,
            ),
          ),
          'Not committed yet.',
        )
      : null;
    return h(
      'div',
      { class: 'catalog-version', 'data-testid': 'catalog-version', 'data-version': `v${v.version}` },
      h('h4', {}, `v${v.version}`, ' ', h('code', {}, v.detailType)),
      h(
        'p',
        { class: 'muted' },
        v.schemaFile ? `schema: ${v.schemaFile}` : 'no committed schema (shown: the contract’s own)',
      ),
      history ? h('div', {}, h('h5', {}, 'Compatibility history'), history) : null,
      h('details', {}, h('summary', {}, 'Schema'), json(v.schema)),
      v.examples.length > 0
        ? h('details', {}, h('summary', {}, `Examples (${v.examples.length})`), ...v.examples.map(json))
        : null,
    );
  }

  function renderEvent(e) {
    const owner = e.owner
      ? `${e.owner.team || 'no paved.team'} (service ${e.owner.service})`
      : e.producer === 'aws'
        ? 'AWS'
        : 'unknown';
    return h(
      'article',
      { class: 'catalog-event', 'data-testid': 'catalog-event', 'data-id': e.id, 'data-name': e.name },
      h('h3', {}, e.name, ' ', h('span', { class: 'muted' }, e.source)),
      h('p', {}, e.description),
      h('p', {}, 'Owner: ', h('strong', { 'data-testid': 'catalog-owner' }, owner)),
      e.documentation ? h('p', { class: 'muted' }, `Documented at ${e.documentation}`) : null,
      h('h4', {}, `Producers (${e.producers.length})`),
      list('catalog-producers', e.producers.map(renderProducer), 'No producer in this workspace.'),
      h('h4', {}, `Consumers (${e.consumers.length})`),
      list('catalog-consumers', e.consumers.map(renderConsumer), 'No consumer in this workspace.'),
      h('h4', {}, `Versions (${e.versions.length})`),
      ...e.versions.map(renderVersion),
    );
  }

  /** Renders `catalog` (what `GET /_paved/catalog` answers) into `container`, replacing what it held. */
  function render(container, catalog) {
    const filter = h('input', {
      type: 'search',
      placeholder: 'Filter events, teams, handlers…',
      class: 'catalog-filter',
    });
    const events = catalog.events.map((e) => ({
      e,
      node: renderEvent(e),
      text: JSON.stringify(e).toLowerCase(),
    }));
    filter.addEventListener('input', () => {
      const q = filter.value.trim().toLowerCase();
      for (const { node, text } of events) node.hidden = q !== '' && !text.includes(q);
    });
    container.replaceChildren(
      h(
        'p',
        { class: 'muted' },
        `${catalog.events.length} events, generated ${catalog.generatedAt} from the workspace's declarations and committed schemas.`,
      ),
      filter,
      ...events.map(({ node }) => node),
    );
  }

  window.pavedCatalog = { render };
  // The static site: its data comes in catalog-data.js (a file:// page cannot fetch catalog.json).
  const root = document.getElementById('catalog-site');
  if (root && window.PAVED_CATALOG) render(root, window.PAVED_CATALOG);
})();
