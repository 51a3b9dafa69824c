import { api } from './api.js';
import { formatTime, h } from './dom.js';

/** Who did what, newest first, filtered by actor and action. */
export function renderAudit(main, isCurrent) {
  const error = h('p', { class: 'error', role: 'alert' });
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'More');
  const filters = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter the audit trail' },
    h(
      'div',
      {},
      h('label', { for: 'audit-actor' }, 'Who (email or id)'),
      h('input', { id: 'audit-actor', name: 'actor' }),
    ),
    h(
      'div',
      {},
      h('label', { for: 'audit-action' }, 'Action (e.g. user.disabled)'),
      h('input', { id: 'audit-action', name: 'action' }),
    ),
    h('div', {}, h('button', { type: 'submit' }, 'Apply')),
  );
  const row = (entry) =>
    h(
      'tr',
      {},
      h('td', {}, formatTime(entry.at)),
      h('td', {}, entry.role ? `${entry.actor} (${entry.role})` : entry.actor),
      h('td', {}, h('code', {}, entry.action)),
      h('td', {}, entry.target ?? '—'),
      h('td', {}, Object.keys(entry.detail).length ? JSON.stringify(entry.detail) : '—'),
      h('td', {}, entry.client_ip ?? '—'),
    );

  let cursor = null;
  async function load(append) {
    const form = new FormData(filters);
    const query = new URLSearchParams({ limit: '50' });
    for (const name of ['actor', 'action'])
      if (form.get(name)) query.set(name, String(form.get(name)).trim());
    if (append && cursor) query.set('cursor', cursor);
    error.textContent = '';
    try {
      const page = await api('GET', `/audit?${query}`);
      if (!isCurrent()) return;
      cursor = page.next_cursor;
      const rows = page.entries.map(row);
      if (append) body.append(...rows);
      else body.replaceChildren(...rows);
      more.hidden = !cursor;
    } catch (failure) {
      if (isCurrent()) error.textContent = failure.message;
    }
  }
  more.addEventListener('click', () => void load(true));
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(false);
  });
  main.replaceChildren(
    h(
      'section',
      { 'aria-labelledby': 'audit-title' },
      h('h2', { id: 'audit-title' }, 'Audit trail'),
      filters,
      error,
      h(
        'div',
        { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Audit entries' },
        h(
          'table',
          {},
          h('caption', { class: 'visually-hidden' }, 'Audit trail'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['When', 'Who', 'Action', 'On', 'Detail', 'Address'].map((title) =>
                h('th', { scope: 'col' }, title),
              ),
            ),
          ),
          body,
        ),
      ),
      more,
    ),
  );
  void load(false);
}
