import { formatTime, h } from './dom.js';
import { filterField, keysetList, showListPage } from './list-page.js';

const COLUMNS = ['When', 'Who', 'Action', 'On', 'Detail', 'Address'];

/** A value as a person reads it: lists joined, objects as "key: value", nothing as "—". */
function readable(value) {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map(readable).join(', ');
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([key, inner]) => `${key.replaceAll('_', ' ')}: ${readable(inner)}`)
      .join('; ');
  return String(value);
}

/** An entry's detail as a short list of "what: value" lines, wrapping within its cell. */
function detailList(detail) {
  const entries = Object.entries(detail ?? {});
  if (!entries.length) return '—';
  return h(
    'dl',
    { class: 'audit-detail' },
    ...entries.flatMap(([key, value]) => [
      h('dt', {}, key.replaceAll('_', ' ')),
      h('dd', {}, readable(value)),
    ]),
  );
}

/** Who did what, newest first, filtered by actor and action. */
export function renderAudit(main, isCurrent) {
  const filters = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter the audit trail' },
    filterField('audit-actor', 'Who (email or id)', h('input', { name: 'actor' })),
    filterField('audit-action', 'Action (e.g. user.disabled)', h('input', { name: 'action' })),
    h('div', {}, h('button', { type: 'submit' }, 'Apply')),
  );
  const list = keysetList({
    path: '/audit',
    key: 'entries',
    columns: COLUMNS.length,
    empty: 'Nothing recorded.',
    isCurrent,
    query: () => {
      const form = new FormData(filters);
      const query = new URLSearchParams({ limit: '50' });
      for (const name of ['actor', 'action'])
        if (form.get(name)) query.set(name, String(form.get(name)).trim());
      return query;
    },
    row: (entry) =>
      h(
        'tr',
        {},
        h('td', {}, formatTime(entry.at)),
        h('td', { class: 'wrap' }, entry.role ? `${entry.actor} (${entry.role})` : entry.actor),
        h('td', {}, h('code', {}, entry.action)),
        h('td', { class: 'wrap' }, entry.target ?? '—'),
        h('td', { class: 'wrap' }, detailList(entry.detail)),
        h('td', {}, entry.client_ip ?? '—'),
      ),
  });
  showListPage(main, {
    id: 'audit-title',
    title: 'Audit trail',
    filters,
    list,
    caption: 'Audit trail, newest first',
    columns: COLUMNS,
  });
}
