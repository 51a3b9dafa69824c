import { h } from './dom.js';
import { filterField, keysetList, showListPage } from './list-page.js';

const COLUMNS = ['Driver', 'ID', 'Phone', 'Language', 'Time zone'];

/** Every driver on record, found by name, id or phone number. */
export function renderDrivers(main, isCurrent) {
  const filters = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Find drivers' },
    filterField(
      'drivers-q',
      'Name, ID or phone',
      h('input', { name: 'q', type: 'search', autocomplete: 'off' }),
    ),
    h('div', {}, h('button', { type: 'submit' }, 'Search')),
  );
  const row = (driver) =>
    h(
      'tr',
      { dataset: { driverId: driver.driver_id } },
      h(
        'td',
        {},
        h('a', { href: `#/drivers/${encodeURIComponent(driver.driver_id)}` }, driver.driver_name),
      ),
      h('td', {}, driver.driver_id),
      h('td', {}, driver.phone_number),
      h('td', {}, driver.language ?? 'Default'),
      h('td', {}, driver.timezone ?? '—'),
    );
  const list = keysetList({
    path: '/drivers',
    key: 'drivers',
    columns: COLUMNS.length,
    empty: 'No driver matches.',
    isCurrent,
    row,
    query: () => {
      const q = String(new FormData(filters).get('q') ?? '').trim();
      const query = new URLSearchParams({ limit: '25' });
      if (q) query.set('q', q);
      return query;
    },
  });
  showListPage(main, {
    id: 'drivers-title',
    title: 'Drivers',
    intro: 'Everyone a call or a campaign has reached, by name.',
    filters,
    list,
    caption: 'Drivers',
    columns: COLUMNS,
  });
}
