import { api } from './api.js';
import { h } from './dom.js';

/** One labelled filter of a list page's filter form. */
export function filterField(id, label, control) {
  control.id = id;
  return h('div', {}, h('label', { for: id }, label), control);
}

/** A table in a scrollable region a keyboard can reach. */
export function dataTable(caption, columns, body) {
  labelCells(body, columns);
  return h(
    'div',
    { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
    h(
      'table',
      { class: 'stack-on-phone' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, ...columns.map((title) => h('th', { scope: 'col' }, title)))),
      body,
    ),
  );
}

/**
 * Names every cell by its column (`data-label`), now and as rows come and go, so a table can
 * become one labelled card per row on a phone.
 */
export function labelCells(body, columns) {
  const label = () => {
    for (const row of body.children)
      [...row.children].forEach((cell, index) => {
        if (cell.colSpan === 1 && columns[index]) cell.dataset.label = columns[index];
      });
  };
  label();
  new MutationObserver(label).observe(body, { childList: true });
}

/**
 * Loads a keyset-paged list (`{[key]: [...], next_cursor}`) into `body`: `load(false)` starts
 * over with the filters' query, `load(true)` appends the next page; "More" shows while there is
 * one. A view's late answers are dropped once the user moved on (`isCurrent`).
 */
export function keysetList({ path, key, query, row, empty, columns, isCurrent }) {
  const error = h('p', { class: 'error', role: 'alert' });
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'More');
  let cursor = null;
  async function load(append) {
    const params = query();
    if (append && cursor) params.set('cursor', cursor);
    error.textContent = '';
    try {
      const page = await api('GET', `${path}?${params}`);
      if (!isCurrent()) return;
      cursor = page.next_cursor;
      const rows = page[key].map((entry) => row(entry, () => void load(false)));
      if (append) body.append(...rows);
      else body.replaceChildren(...rows);
      if (!body.children.length && empty)
        body.append(h('tr', {}, h('td', { colspan: columns, class: 'muted' }, empty)));
      more.hidden = !cursor;
    } catch (failure) {
      if (isCurrent()) error.textContent = failure.message;
    }
  }
  more.addEventListener('click', () => void load(true));
  return { error, body, more, load };
}

/**
 * A list page: its heading, an optional line under it, the filter form (submitting it starts the
 * list over), the table and "More"; loads the first page.
 */
export function showListPage(main, { id, title, intro, filters, list, caption, columns }) {
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    void list.load(false);
  });
  main.replaceChildren(
    h(
      'section',
      { 'aria-labelledby': id },
      h('h2', { id }, title),
      intro ? h('p', { class: 'muted' }, intro) : null,
      filters,
      list.error,
      dataTable(caption, columns, list.body),
      list.more,
    ),
  );
  void list.load(false);
}
