import { callAgain } from './call-detail.js';
import { callLabel, formatTime, h } from './dom.js';
import { outcomeChip, overrideForm } from './items.js';
import { filterField, keysetList, showListPage } from './list-page.js';

const REASONS = {
  disputed: 'Disputed',
  not_discussed: 'Not discussed',
  eta_passed: 'ETA passed',
  needs_dispatcher: 'Needs a dispatcher',
  call_failed: 'Call failed',
  driver_asked_callback: 'Asked to be called back',
  transfer_failed: 'Transfer to a person failed',
};

/** An item entry names its item; a call-level entry is about the whole call. */
const whatText = (entry) =>
  entry.scope === 'call'
    ? 'The whole call'
    : `${entry.item}. ${entry.type === 'violation' ? 'Violation' : 'Reminder'}: ${entry.description}`;

/** The reason, with the time a driver asked to be called back at. */
function reasonText(entry) {
  const reason = REASONS[entry.reason] ?? entry.reason;
  return entry.call_back_at ? `${reason} at ${formatTime(entry.call_back_at)}` : reason;
}

const COLUMNS = ['Call', 'Item', 'Outcome', 'Reason', 'Since', 'Actions'];

/** The review queue: every item that still needs a dispatcher, with override and "call again". */
export function renderFollowUps(main, isCurrent) {
  const filters = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter follow-ups' },
    filterField('follow-up-driver', 'Driver ID', h('input', { name: 'driverId' })),
    filterField(
      'follow-up-reason',
      'Reason',
      h(
        'select',
        { name: 'reason' },
        h('option', { value: '' }, 'Any'),
        ...Object.entries(REASONS).map(([value, label]) => h('option', { value }, label)),
      ),
    ),
    h('div', {}, h('button', { type: 'submit' }, 'Apply')),
  );

  const row = (entry, reload) =>
    h(
      'tr',
      { dataset: { callSid: entry.call_sid, item: entry.item ?? 'call' } },
      h('td', {}, callLabel(entry)),
      h('td', {}, whatText(entry)),
      h('td', {}, entry.scope === 'call' ? '' : outcomeChip(entry)),
      h('td', {}, reasonText(entry)),
      h('td', {}, formatTime(entry.since)),
      h(
        'td',
        { class: 'actions' },
        entry.scope === 'call' ? '' : overrideForm(entry.call_sid, entry, reload),
        entry.scope === 'call'
          ? null
          : h(
              'button',
              { type: 'button', class: 'secondary', onclick: () => void callAgain(entry.call_sid) },
              'Call again',
            ),
      ),
    );

  const list = keysetList({
    path: '/follow-ups',
    key: 'follow_ups',
    columns: COLUMNS.length,
    empty: 'Nothing needs a dispatcher.',
    isCurrent,
    row,
    query: () => {
      const form = new FormData(filters);
      const query = new URLSearchParams({ limit: '25' });
      if (form.get('driverId')) query.set('driverId', String(form.get('driverId')).trim());
      if (form.get('reason')) query.set('reason', String(form.get('reason')));
      return query;
    },
  });
  showListPage(main, {
    id: 'follow-ups-title',
    title: 'Follow-ups',
    intro:
      'Items that are not resolved or acknowledged, and calls that need a person (a failed transfer), newest first.',
    filters,
    list,
    caption: 'Items that need a dispatcher',
    columns: COLUMNS,
  });
}
