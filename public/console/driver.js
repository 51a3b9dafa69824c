import { api } from './api.js';
import { formatTime, h, statusBadge, languageBadge, toast } from './dom.js';
import { outcomeChip } from './items.js';
import { dataTable } from './list-page.js';

const LANGUAGES = { '': 'Default (English)', en: 'English', es: 'Spanish' };

const callLink = (callSid) => h('a', { href: `#/calls/${encodeURIComponent(callSid)}` }, callSid);
const direction = (call) => (call.direction === 'inbound' ? 'Callback' : 'Outbound');

function facts(driver) {
  const fact = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
  return h(
    'dl',
    { class: 'driver-facts' },
    fact('Driver ID', driver.driver_id),
    fact('Phone', driver.phone_number),
    fact('Language', LANGUAGES[driver.language ?? ''] ?? driver.language),
    fact('Time zone', driver.timezone ?? '—'),
    fact('Calls', driver.opted_out ? 'Opted out: no calls are placed' : 'Allowed'),
    fact(
      'Last call',
      driver.last_call
        ? h(
            'span',
            {},
            callLink(driver.last_call.call_sid),
            ` ${direction(driver.last_call)}, ${formatTime(driver.last_call.call_start_time)} `,
            statusBadge(driver.last_call.status, driver.last_call),
          )
        : 'Never called',
    ),
  );
}

/** Name, number, language and time zone; only what changed is sent. */
function editForm(driver, onSaved) {
  const field = (id, label, control) =>
    h('div', {}, h('label', { for: id }, label), Object.assign(control, { id }));
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Edit driver' },
    field('driver-name', 'Name', h('input', { name: 'driver_name', value: driver.driver_name })),
    field(
      'driver-phone',
      'Phone',
      h('input', { name: 'phone_number', type: 'tel', value: driver.phone_number }),
    ),
    field(
      'driver-language',
      'Language',
      h(
        'select',
        { name: 'language' },
        ...Object.entries(LANGUAGES).map(([value, label]) =>
          h('option', { value, selected: (driver.language ?? '') === value }, label),
        ),
      ),
    ),
    field(
      'driver-timezone',
      'Time zone (IANA, e.g. America/Chicago)',
      h('input', { name: 'timezone', value: driver.timezone ?? '' }),
    ),
    h('div', {}, h('button', { type: 'submit' }, 'Save changes')),
  );
  const error = h('p', { class: 'error', role: 'alert' });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    const change = {};
    for (const key of ['driver_name', 'phone_number']) {
      const value = String(values[key]).trim();
      if (value !== driver[key]) change[key] = value;
    }
    for (const key of ['language', 'timezone']) {
      const value = String(values[key]).trim() || null;
      if (value !== driver[key]) change[key] = value;
    }
    error.textContent = '';
    if (!Object.keys(change).length) return toast('Nothing changed.');
    try {
      await api('PATCH', `/drivers/${encodeURIComponent(driver.driver_id)}`, change);
      toast('Driver saved.');
      onSaved();
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  return h('details', {}, h('summary', {}, 'Edit driver'), form, error);
}

function optOutButton(driver, onSaved) {
  const wanted = !driver.opted_out;
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        try {
          await api('PUT', `/drivers/${encodeURIComponent(driver.driver_id)}/opt-out`, {
            opted_out: wanted,
            reason: 'Changed on the console',
          });
          toast(wanted ? 'No more calls to this driver.' : 'Calls allowed again.');
          onSaved();
        } catch (failure) {
          toast(failure.message);
        }
      },
    },
    wanted ? 'Stop calling this driver' : 'Allow calls again',
  );
}

/** Simulator only: the driver phones the agent back; the callback is then watched live. */
function simulateCallbackButton(driver, feed) {
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: async (event) => {
        const button = event.currentTarget;
        button.disabled = true;
        try {
          await api('POST', '/console/simulated-callbacks', { from: driver.phone_number });
          // The board heard of the callback before the simulator answered.
          const callback = [...feed.board.values()]
            .filter((call) => call.direction === 'inbound' && call.driver_id === driver.driver_id)
            .sort((a, b) => b.started_at.localeCompare(a.started_at))[0];
          if (callback)
            window.dispatchEvent(new CustomEvent('watch-call', { detail: callback.call_sid }));
          else toast('The driver is calling back: see the board.');
        } catch (failure) {
          toast(failure.message);
        } finally {
          button.disabled = false;
        }
      },
    },
    'Simulate a callback',
  );
}

function openItems(items) {
  const columns = ['Call', 'Item', 'Outcome', 'Since'];
  const body = h(
    'tbody',
    {},
    ...items.map((item) =>
      h(
        'tr',
        {},
        h('td', {}, callLink(item.call_sid)),
        h(
          'td',
          {},
          `${item.item}. ${item.type === 'violation' ? 'Violation' : 'Reminder'}: ${item.description}`,
        ),
        h('td', {}, outcomeChip(item)),
        h('td', {}, formatTime(item.since)),
      ),
    ),
  );
  if (!items.length)
    body.append(h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, 'Nothing open.')));
  return dataTable('Open items', columns, body);
}

function recentCalls(calls) {
  const columns = ['Call', 'Direction', 'Status', 'Started', 'Summary'];
  const body = h(
    'tbody',
    {},
    ...calls.map((call) =>
      h(
        'tr',
        { class: call.direction === 'inbound' ? 'row-callback' : null },
        h('td', {}, callLink(call.call_sid)),
        h('td', {}, direction(call)),
        h('td', {}, statusBadge(call.status, call), ' ', languageBadge(call.language)),
        h('td', {}, formatTime(call.call_start_time)),
        h('td', { class: 'summary-cell' }, call.transcript_summary ?? call.failure_reason ?? ''),
      ),
    ),
  );
  if (!calls.length)
    body.append(h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, 'No calls yet.')));
  return dataTable('Recent calls', columns, body);
}

/** One driver: who they are, what is still open, their calls; edit, opt out, simulate a callback. */
export function renderDriver(main, driverId, feed, isCurrent) {
  const path = `/drivers/${encodeURIComponent(driverId)}`;
  async function load() {
    try {
      const [driver, calls, settings] = await Promise.all([
        api('GET', path),
        api('GET', `/calls?${new URLSearchParams({ driverId, limit: '10' })}`),
        api('GET', '/console/settings'),
      ]);
      if (!isCurrent()) return;
      const reload = () => void load();
      main.replaceChildren(
        h(
          'section',
          { 'aria-labelledby': 'driver-title' },
          h('h2', { id: 'driver-title' }, driver.driver_name),
          facts(driver),
          h(
            'div',
            { class: 'actions' },
            optOutButton(driver, reload),
            settings.simulator ? simulateCallbackButton(driver, feed) : null,
          ),
          editForm(driver, reload),
          h('h3', {}, `Open items (${driver.open_items.length})`),
          openItems(driver.open_items),
          h('h3', {}, 'Recent calls'),
          recentCalls(calls.calls),
        ),
      );
    } catch (failure) {
      if (isCurrent())
        main.replaceChildren(
          h(
            'section',
            {},
            h('h2', {}, 'Driver'),
            h('p', { class: 'error', role: 'alert' }, failure.message),
          ),
        );
    }
  }
  main.replaceChildren(h('p', { class: 'muted', role: 'status' }, 'Loading driver…'));
  void load();
  return () => undefined;
}
