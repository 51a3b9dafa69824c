import { api } from './api.js';
import { h, toast } from './dom.js';
import { signedInRole } from './users.js';
import { isTimeZone, likelyZones, localTime, outsideQuietHours } from './quiet-hours.js';

let rowId = 0;

function detailRow(type = 'violation', description = '') {
  const id = ++rowId;
  const row = h(
    'fieldset',
    { class: 'detail-row' },
    h('legend', { class: 'visually-hidden' }, `Item ${id}`),
    h('label', { for: `type-${id}` }, 'Type'),
    h(
      'select',
      { id: `type-${id}`, name: 'type' },
      h('option', { value: 'violation', selected: type === 'violation' }, 'Violation'),
      h('option', { value: 'reminder', selected: type === 'reminder' }, 'Reminder'),
    ),
    h('label', { for: `description-${id}` }, 'What to discuss'),
    h('input', {
      id: `description-${id}`,
      name: 'description',
      value: description,
      maxlength: 1000,
      required: true,
    }),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          const list = row.parentElement;
          row.remove();
          if (list) numberItems(list);
        },
        'aria-label': `Remove item ${id}`,
      },
      'Remove',
    ),
  );
  return row;
}

/** Names each item by its place in the form ("Remove item 1"), after adding or removing one. */
function numberItems(list) {
  list.querySelectorAll('.detail-row').forEach((row, index) => {
    row.querySelector('legend').textContent = `Item ${index + 1}`;
    row.querySelector('button').setAttribute('aria-label', `Remove item ${index + 1}`);
  });
}

function field(id, label, attributes = {}) {
  return [
    h('label', { for: id }, label),
    h('input', { id, name: id, ...attributes }),
    h('p', { class: 'field-error', id: `${id}-error` }),
  ];
}

/** Part 1 from a form: client-side checks first, then the server's own `detail` if it refuses. */
export function renderPlaceCall(main, feed, onPlaced) {
  const details = h(
    'div',
    { id: 'details' },
    detailRow('violation', ''),
    detailRow('reminder', ''),
  );
  numberItems(details);
  const error = h('p', { class: 'error', role: 'alert', id: 'place-error' });
  const submit = h('button', { type: 'submit' }, 'Place call');
  const quietWarning = h('p', { class: 'warning', role: 'alert', id: 'quiet-hours-warning' });
  const settings = api('GET', '/console/settings').catch(() => null);
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'place-title' },
    h('h2', { id: 'place-title' }, 'Place a call'),
    h(
      'div',
      { class: 'grid' },
      h(
        'div',
        {},
        ...field('driverId', 'Driver ID', {
          required: true,
          maxlength: 100,
          placeholder: 'DRV_12345',
        }),
      ),
      h(
        'div',
        {},
        ...field('driverName', 'Driver name', {
          required: true,
          maxlength: 200,
          autocomplete: 'off',
        }),
      ),
      h(
        'div',
        {},
        ...field('phoneNumber', 'Phone number', {
          required: true,
          type: 'tel',
          placeholder: '+1 219 200 2824',
        }),
      ),
      h(
        'div',
        {},
        ...field('tripId', 'Trip ID', {
          required: true,
          maxlength: 100,
          placeholder: 'TRIP_78910',
        }),
      ),
      h(
        'div',
        {},
        ...field('timezone', 'Driver’s time zone', {
          required: true,
          list: 'timezones',
          value: likelyZones()[0],
          autocomplete: 'off',
        }),
        h(
          'datalist',
          { id: 'timezones' },
          ...likelyZones().map((zone) => h('option', { value: zone })),
        ),
      ),
      h(
        'div',
        {},
        h('label', { for: 'language' }, 'Language'),
        h(
          'select',
          { id: 'language', name: 'language' },
          h('option', { value: '' }, 'The driver’s usual'),
          h('option', { value: 'en' }, 'English'),
          h('option', { value: 'es' }, 'Spanish'),
        ),
      ),
    ),
    h('h3', {}, 'Violations and reminders'),
    details,
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          details.append(detailRow());
          numberItems(details);
        },
      },
      'Add an item',
    ),
    h('label', { for: 'customRules' }, 'Custom rules (optional)'),
    h('textarea', {
      id: 'customRules',
      name: 'customRules',
      rows: 2,
      maxlength: 2000,
      placeholder: 'Be extra polite, driver is stressed',
    }),
    quietWarning,
    error,
    submit,
  );
  // A call by hand in the driver's quiet hours is the dispatcher's decision: warn once, then place.
  let quietHoursAccepted = false;
  form.addEventListener('input', () => {
    quietHoursAccepted = false;
    quietWarning.textContent = '';
    submit.textContent = 'Place call';
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const value = (name) => form.elements.namedItem(name).value.trim();
    const problems = {};
    if (!/^[A-Za-z0-9._:-]{1,100}$/.test(value('driverId')))
      problems.driverId = 'Use letters, digits and . _ : - only.';
    if (!value('driverName')) problems.driverName = 'Enter the driver’s name.';
    if (!/^\+?[\d\s().-]{7,20}$/.test(value('phoneNumber')))
      problems.phoneNumber = 'Enter a phone number, e.g. +1 219 200 2824.';
    if (!value('tripId')) problems.tripId = 'Enter the trip ID.';
    if (!isTimeZone(value('timezone')))
      problems.timezone = 'Enter an IANA time zone, e.g. America/Chicago.';
    for (const name of ['driverId', 'driverName', 'phoneNumber', 'tripId', 'timezone']) {
      const input = form.elements.namedItem(name);
      input.setAttribute('aria-invalid', problems[name] ? 'true' : 'false');
      input.setAttribute('aria-describedby', `${name}-error`);
      document.getElementById(`${name}-error`).textContent = problems[name] ?? '';
    }
    const items = [...details.querySelectorAll('.detail-row')].map((row) => ({
      type: row.querySelector('select').value,
      description: row.querySelector('input').value.trim(),
    }));
    if (items.length === 0 || items.some((item) => !item.description))
      problems.details = 'Add at least one violation or reminder, and describe each.';
    if (Object.keys(problems).length) {
      error.textContent = problems.details ?? 'Please correct the fields marked above.';
      form.querySelector('[aria-invalid="true"]')?.focus();
      return;
    }
    const quietHours = (await settings)?.quiet_hours;
    const driverTime = localTime(value('timezone'));
    if (quietHours && !quietHoursAccepted && outsideQuietHours(driverTime, quietHours)) {
      quietHoursAccepted = true;
      quietWarning.textContent = `It is ${driverTime} for the driver (${value('timezone')}), outside quiet hours ${quietHours.start}–${quietHours.end}: they may be asleep or off duty. Place the call anyway?`;
      submit.textContent = 'Place anyway';
      return;
    }
    submit.disabled = true;
    try {
      const placed = await api('POST', '/driver_data/call-elevenlabs', {
        callType: items.some((item) => item.type === 'violation') ? 'violation' : 'reminder',
        timestamp: new Date().toISOString(),
        drivers: [
          {
            driverId: value('driverId'),
            driverName: value('driverName'),
            phoneNumber: value('phoneNumber'),
            ...(value('customRules') ? { customRules: value('customRules') } : {}),
            ...(value('language') ? { language: value('language') } : {}),
            violations: { tripId: value('tripId'), violationDetails: items },
          },
        ],
      });
      feed.watch(placed.call_sid);
      toast(`Calling ${placed.driver.driverName} (${placed.driver.phoneNumber})`);
      onPlaced(placed.call_sid);
    } catch (failure) {
      error.replaceChildren(failure.message);
      // An opt-out only an admin can lift: take them to the driver's page, where they can.
      const optedOut = /as driver (\S+) |^Driver (\S+) opted out/.exec(failure.message);
      if (failure.status === 409 && optedOut && signedInRole() === 'admin') {
        const driverId = optedOut[1] ?? optedOut[2];
        error.append(
          ' ',
          h('a', { href: `#/drivers/${encodeURIComponent(driverId)}` }, `Open ${driverId}'s page`),
        );
      }
    } finally {
      submit.disabled = false;
    }
  });
  main.replaceChildren(form);
  form.elements.namedItem('driverId').focus();
}
