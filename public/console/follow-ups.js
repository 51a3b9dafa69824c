import { api } from './api.js';
import { callAgain } from './call-detail.js';
import { formatTime, h } from './dom.js';
import { outcomeChip, overrideForm } from './items.js';

const REASONS = {
  disputed: 'Disputed',
  not_discussed: 'Not discussed',
  eta_passed: 'ETA passed',
  needs_dispatcher: 'Needs a dispatcher',
  call_failed: 'Call failed',
};

/** The review queue: every item that still needs a dispatcher, with override and "call again". */
export function renderFollowUps(main, isCurrent) {
  const error = h('p', { class: 'error', role: 'alert' });
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'More');
  const filters = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter follow-ups' },
    h(
      'div',
      {},
      h('label', { for: 'follow-up-driver' }, 'Driver ID'),
      h('input', { id: 'follow-up-driver', name: 'driverId' }),
    ),
    h(
      'div',
      {},
      h('label', { for: 'follow-up-reason' }, 'Reason'),
      h(
        'select',
        { id: 'follow-up-reason', name: 'reason' },
        h('option', { value: '' }, 'Any'),
        ...Object.entries(REASONS).map(([value, label]) => h('option', { value }, label)),
      ),
    ),
    h('div', {}, h('button', { type: 'submit' }, 'Apply')),
  );

  const row = (entry) =>
    h(
      'tr',
      { dataset: { callSid: entry.call_sid, item: entry.item } },
      h(
        'td',
        {},
        h('a', { href: `#/calls/${encodeURIComponent(entry.call_sid)}` }, entry.call_sid),
      ),
      h(
        'td',
        {},
        entry.driver_name ? `${entry.driver_name} (${entry.driver_id})` : entry.driver_id,
      ),
      h(
        'td',
        {},
        `${entry.item}. ${entry.type === 'violation' ? 'Violation' : 'Reminder'}: ${entry.description}`,
      ),
      h('td', {}, outcomeChip(entry)),
      h('td', {}, REASONS[entry.reason] ?? entry.reason),
      h('td', {}, formatTime(entry.since)),
      h(
        'td',
        { class: 'actions' },
        overrideForm(entry.call_sid, entry, () => void load(false)),
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => void callAgain(entry.call_sid) },
          'Call again',
        ),
      ),
    );

  let cursor = null;
  async function load(append) {
    const form = new FormData(filters);
    const query = new URLSearchParams({ limit: '25' });
    if (form.get('driverId')) query.set('driverId', String(form.get('driverId')).trim());
    if (form.get('reason')) query.set('reason', String(form.get('reason')));
    if (append && cursor) query.set('cursor', cursor);
    error.textContent = '';
    try {
      const page = await api('GET', `/follow-ups?${query}`);
      if (!isCurrent()) return;
      cursor = page.next_cursor;
      const rows = page.follow_ups.map(row);
      if (append) body.append(...rows);
      else body.replaceChildren(...rows);
      if (!body.children.length)
        body.append(
          h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'Nothing needs a dispatcher.')),
        );
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
      { 'aria-labelledby': 'follow-ups-title' },
      h('h2', { id: 'follow-ups-title' }, 'Follow-ups'),
      h('p', { class: 'muted' }, 'Items that are not resolved or acknowledged, newest first.'),
      filters,
      error,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          {},
          h('caption', { class: 'visually-hidden' }, 'Items that need a dispatcher'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Call', 'Driver', 'Item', 'Outcome', 'Reason', 'Since', 'Actions'].map((title) =>
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
