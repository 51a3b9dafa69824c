import { api } from './api.js';
import { h, toast } from './dom.js';

export const OUTCOMES = ['resolved', 'will_fix', 'acknowledged', 'disputed', 'not_discussed'];
const LABELS = {
  resolved: 'Resolved',
  will_fix: 'Will fix',
  acknowledged: 'Acknowledged',
  disputed: 'Disputed',
  not_discussed: 'Not discussed',
};

/** An item's outcome as a coloured chip; the words carry the meaning, not the colour. */
export function outcomeChip(item) {
  const outcome = item.outcome ?? 'unknown';
  const eta =
    item.outcome === 'will_fix' && item.eta_minutes != null ? ` in ${item.eta_minutes} min` : '';
  return h(
    'span',
    { class: `chip chip-${outcome}`, dataset: { outcome } },
    `${LABELS[outcome] ?? 'Unknown'}${eta}`,
  );
}

/** A select, and Save: a dispatcher sets or corrects one item's outcome. */
export function overrideForm(callSid, item, onSaved) {
  const id = `override-${callSid}-${item.item}`.replace(/[^A-Za-z0-9_-]/g, '_');
  // Starts on the item's outcome, or on nothing: one click on Save never settles an unknown item.
  const select = h(
    'select',
    { id, name: 'outcome', required: true },
    h('option', { value: '', selected: !item.outcome }, 'Choose…'),
    ...OUTCOMES.map((outcome) =>
      h('option', { value: outcome, selected: outcome === item.outcome }, LABELS[outcome]),
    ),
  );
  const form = h(
    'form',
    { class: 'override' },
    h('label', { for: id, class: 'visually-hidden' }, `Outcome of item ${item.item}`),
    select,
    h('button', { type: 'submit', class: 'secondary' }, 'Save'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const saved = await api('PATCH', `/calls/${encodeURIComponent(callSid)}/items/${item.item}`, {
        outcome: select.value,
      });
      toast(`Item ${saved.item}: ${LABELS[saved.outcome]}`);
      onSaved?.(saved);
    } catch (failure) {
      toast(failure.message);
    }
  });
  return form;
}

/** A call's items with their chips, in the prompt's order; with `callSid`, each can be overridden. */
export function itemList(items, { callSid, onSaved } = {}) {
  return h(
    'ol',
    { class: 'items' },
    ...[...items]
      .sort((a, b) => a.item - b.item)
      .map((item) =>
        h(
          'li',
          { class: 'item', dataset: { item: item.item } },
          h('span', { class: 'item-type' }, item.type === 'violation' ? 'Violation' : 'Reminder'),
          ' ',
          h('span', { class: 'item-description' }, item.description),
          ' ',
          outcomeChip(item),
          item.driver_note ? h('q', { class: 'driver-note' }, item.driver_note) : null,
          callSid ? overrideForm(callSid, item, onSaved) : null,
        ),
      ),
  );
}
