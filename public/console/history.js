import { api } from './api.js';
import { labelCells } from './list-page.js';
import {
  callLabel,
  formatCost,
  formatDuration,
  formatTime,
  h,
  statusBadge,
  languageBadge,
  localMidnight,
} from './dom.js';

const COLUMNS = ['Call', 'Status', 'Started', 'Duration', 'Cost', 'Summary'];

/** Call history with filters and keyset paging (a stack of cursors for "Previous"). */
export function renderHistory(main, isCurrent) {
  const cursors = [null];
  const error = h('p', { class: 'error', role: 'alert' });
  const body = h('tbody');
  labelCells(body, COLUMNS);
  const pageInfo = h('span', { class: 'muted', role: 'status' });
  const previous = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Previous');
  const next = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Next');
  const filters = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter calls' },
    h(
      'div',
      {},
      h('label', { for: 'filter-search' }, 'Driver, phone or call id'),
      h('input', { id: 'filter-search', name: 'q', type: 'search' }),
    ),
    h(
      'div',
      {},
      h('label', { for: 'filter-status' }, 'Status'),
      h(
        'select',
        { id: 'filter-status', name: 'status' },
        h('option', { value: '' }, 'Any'),
        h('option', { value: 'IN_PROGRESS' }, 'In progress'),
        h('option', { value: 'COMPLETED' }, 'Completed'),
        h('option', { value: 'FAILED' }, 'Failed'),
      ),
    ),
    h(
      'div',
      {},
      h('label', { for: 'filter-from' }, 'From'),
      h('input', { id: 'filter-from', name: 'from', type: 'date' }),
    ),
    h(
      'div',
      {},
      h('label', { for: 'filter-to' }, 'To'),
      h('input', { id: 'filter-to', name: 'to', type: 'date' }),
    ),
    h('div', {}, h('button', { type: 'submit' }, 'Apply')),
  );

  async function load(page) {
    const form = new FormData(filters);
    const query = new URLSearchParams({ limit: '20' });
    if (String(form.get('q') ?? '').trim()) query.set('q', String(form.get('q')).trim());
    if (form.get('status')) query.set('status', String(form.get('status')));
    if (form.get('from')) query.set('from', localMidnight(String(form.get('from'))).toISOString());
    if (form.get('to')) query.set('to', localMidnight(String(form.get('to')), 1).toISOString());
    if (cursors[page]) query.set('cursor', cursors[page]);
    error.textContent = '';
    try {
      const result = await api('GET', `/calls?${query}`);
      if (!isCurrent()) return;
      cursors[page + 1] = result.next_cursor;
      cursors.length = page + 2;
      body.replaceChildren(
        ...result.calls.map((call) =>
          h(
            'tr',
            {},
            h('td', {}, callLabel(call)),
            h('td', {}, statusBadge(call.status, call), ' ', languageBadge(call.language)),
            h('td', {}, formatTime(call.call_start_time)),
            h('td', {}, formatDuration(call.call_duration_seconds)),
            h('td', {}, formatCost(call.cost)),
            h(
              'td',
              { class: 'summary-cell' },
              call.transcript_summary ?? call.failure_reason ?? '',
            ),
          ),
        ),
      );
      if (!result.calls.length)
        body.append(h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No calls match.')));
      pageInfo.textContent = `Page ${page + 1}`;
      previous.disabled = page === 0;
      next.disabled = !result.next_cursor;
      previous.onclick = () => load(page - 1);
      next.onclick = () => load(page + 1);
    } catch (failure) {
      if (isCurrent()) error.textContent = failure.message;
    }
  }

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    cursors.length = 1;
    void load(0);
  });
  main.replaceChildren(
    h(
      'section',
      { 'aria-labelledby': 'history-title' },
      h('h2', { id: 'history-title' }, 'Call history'),
      filters,
      error,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'stack-on-phone' },
          h('caption', { class: 'visually-hidden' }, 'Calls, newest first'),
          h('thead', {}, h('tr', {}, ...COLUMNS.map((title) => h('th', { scope: 'col' }, title)))),
          body,
        ),
      ),
      h('div', { class: 'pager' }, previous, pageInfo, next),
    ),
  );
  void load(0);
}
