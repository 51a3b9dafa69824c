import { api, session } from './api.js';
import { CSV_COLUMNS, readCsv } from './campaign-csv.js';
import { formatTime, h, toast } from './dom.js';
import { dataTable } from './list-page.js';

const STATES = ['completed', 'failed', 'skipped', 'cancelled', 'in_progress', 'pending'];
const LABELS = {
  pending: 'Pending',
  in_progress: 'On a call',
  completed: 'Reached',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
};

function field(id, label, input, hint) {
  return h(
    'div',
    {},
    h('label', { for: id }, label),
    input,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
  );
}

function progressBar(counts) {
  const done = counts.total - counts.pending - counts.in_progress;
  return h('progress', {
    max: String(counts.total || 1),
    value: String(done),
    'aria-label': `${done} of ${counts.total} drivers done`,
  });
}

function countsText(counts) {
  return STATES.filter((state) => counts[state])
    .map((state) => `${counts[state]} ${LABELS[state].toLowerCase()}`)
    .join(', ');
}

const CAMPAIGN_STATUS = {
  running: 'Running',
  paused: 'Paused',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** What the driver's latest call settled: "All 2 items settled", "1 of 2 items settled". */
function outcomeText(items) {
  if (!items) return '—';
  if (items.settled === items.total) return `All ${items.total} item(s) settled`;
  return `${items.settled} of ${items.total} item(s) settled`;
}

/** Every CSV row that cannot be called, in words, before anything is sent. */
function showProblems(preview, problems) {
  preview.replaceChildren(
    h('h3', { id: 'campaign-preview-title' }, `Fix ${problems.length} problem(s) in the CSV`),
    dataTable(
      'Problems by CSV row',
      ['Row', 'Problem'],
      h(
        'tbody',
        {},
        ...problems.map(({ line, problem }) =>
          h('tr', { class: 'problem' }, h('td', {}, String(line)), h('td', {}, problem)),
        ),
      ),
    ),
  );
  preview.hidden = false;
}

/** Who would be called, as the server checked it, and the button that starts it for real. */
function showPreview(preview, checked, start) {
  const button = h(
    'button',
    { type: 'button' },
    `Start campaign: call ${checked.counts.pending} driver(s)`,
  );
  button.addEventListener('click', () => start(button));
  preview.replaceChildren(
    h('h3', { id: 'campaign-preview-title' }, `Preview: ${checked.name}`),
    h(
      'p',
      {},
      `${checked.counts.total} driver(s); ${checked.counts.pending} to call`,
      checked.counts.skipped ? `, ${checked.counts.skipped} skipped (opted out)` : '',
      `, between ${checked.calling_window.start} and ${checked.calling_window.end} their time. Nothing is dialled until you start it.`,
    ),
    dataTable(
      'Drivers this campaign would call',
      ['Driver', 'Phone', 'Time zone', 'Trip', 'Items', 'Language', 'Will be'],
      h(
        'tbody',
        {},
        ...checked.drivers.map((driver) =>
          h(
            'tr',
            { dataset: { driverId: driver.driver_id } },
            h('td', {}, `${driver.driver_name} (${driver.driver_id})`),
            h('td', {}, driver.phone_number),
            h('td', {}, driver.timezone),
            h('td', {}, driver.trip_id),
            h('td', {}, String(driver.items)),
            h('td', {}, { es: 'Spanish', en: 'English' }[driver.language] ?? 'Driver’s own'),
            h('td', {}, driver.state === 'skipped' ? 'Skipped: opted out' : 'Called'),
          ),
        ),
      ),
    ),
    h('div', {}, button),
  );
  preview.hidden = false;
}

/** The campaigns page: the list, and a form to start one from a pasted or uploaded CSV. */
export function renderCampaigns(main, isCurrent) {
  const error = h('p', { class: 'error', role: 'alert' });
  const body = h('tbody');
  const form = h(
    'form',
    { class: 'campaign-form', 'aria-label': 'New campaign' },
    field(
      'campaign-name',
      'Name',
      h('input', { id: 'campaign-name', name: 'name', required: true, maxlength: '200' }),
    ),
    field(
      'campaign-type',
      'Call type',
      h(
        'select',
        { id: 'campaign-type', name: 'callType', required: true },
        h('option', { value: 'violation' }, 'Violations (and reminders)'),
        h('option', { value: 'reminder' }, 'Reminders only'),
      ),
    ),
    field(
      'campaign-timezone',
      'Time zone (for drivers without one)',
      h('input', {
        id: 'campaign-timezone',
        name: 'timezone',
        required: true,
        value: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
      }),
    ),
    field(
      'campaign-start',
      'Calling from (driver-local)',
      h('input', {
        id: 'campaign-start',
        name: 'start',
        type: 'time',
        required: true,
        value: '08:00',
      }),
    ),
    field(
      'campaign-end',
      'Calling until',
      h('input', { id: 'campaign-end', name: 'end', type: 'time', required: true, value: '20:00' }),
    ),
    field(
      'campaign-concurrency',
      'Calls at once',
      h('input', {
        id: 'campaign-concurrency',
        name: 'concurrency',
        type: 'number',
        min: '1',
        max: '50',
        value: '3',
      }),
    ),
    field(
      'campaign-attempts',
      'Attempts per driver',
      h('input', {
        id: 'campaign-attempts',
        name: 'max_attempts',
        type: 'number',
        min: '1',
        max: '10',
        value: '3',
      }),
    ),
    field(
      'campaign-delay',
      'Minutes between attempts',
      h('input', {
        id: 'campaign-delay',
        name: 'delay_minutes',
        type: 'number',
        min: '0',
        max: '1440',
        value: '15',
      }),
    ),
    field(
      'campaign-csv',
      'Drivers (CSV)',
      h('textarea', {
        id: 'campaign-csv',
        name: 'csv',
        rows: '6',
        required: true,
        'aria-describedby': 'campaign-csv-hint',
        placeholder: `${CSV_COLUMNS}\nDRV_1,Jane Doe,+12192002824,America/Chicago,TRIP_1,violation,Reefer at 45F must be 38F,`,
      }),
      `Header row: ${CSV_COLUMNS}. One row per violation or reminder; rows of the same driver are merged.`,
    ),
    field(
      'campaign-file',
      'Or upload a CSV file',
      h('input', {
        id: 'campaign-file',
        type: 'file',
        accept: '.csv,text/csv',
        onchange: async (event) => {
          const file = event.target.files?.[0];
          if (file) form.elements.csv.value = await file.text();
        },
      }),
    ),
    h('div', {}, h('button', { type: 'submit' }, 'Preview')),
  );
  const preview = h('section', {
    class: 'campaign-preview',
    'aria-labelledby': 'campaign-preview-title',
    hidden: true,
  });
  // Anything edited after a preview makes it stale: preview again before starting.
  form.addEventListener('input', () => (preview.hidden = true));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    preview.hidden = true;
    const data = new FormData(form);
    try {
      const { drivers, problems } = await readCsv(String(data.get('csv')));
      if (problems.length) return showProblems(preview, problems);
      const body = {
        name: String(data.get('name')).trim(),
        callType: String(data.get('callType')),
        timezone: String(data.get('timezone')).trim(),
        calling_window: { start: String(data.get('start')), end: String(data.get('end')) },
        concurrency: Number(data.get('concurrency')),
        retry: {
          max_attempts: Number(data.get('max_attempts')),
          delay_seconds: Math.round(Number(data.get('delay_minutes')) * 60),
        },
        drivers,
      };
      const checked = await api('POST', '/campaigns?dry_run=true', body);
      showPreview(preview, checked, async (start) => {
        start.disabled = true;
        try {
          const created = await api('POST', '/campaigns', body);
          toast(`Campaign "${created.name}" started`);
          location.hash = `#/campaigns/${created.campaign_id}`;
        } catch (failure) {
          start.disabled = false;
          error.textContent = failure.message;
        }
      });
    } catch (failure) {
      error.textContent = failure.message;
    }
  });

  main.replaceChildren(
    h('h1', {}, 'Campaigns'),
    h(
      'section',
      { 'aria-labelledby': 'new-campaign' },
      h('h2', { id: 'new-campaign' }, 'New campaign'),
      form,
      error,
      preview,
    ),
    h(
      'section',
      { 'aria-labelledby': 'campaign-list' },
      h('h2', { id: 'campaign-list' }, 'All campaigns'),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Name', 'Status', 'Progress', 'Created'].map((title) =>
                h('th', { scope: 'col' }, title),
              ),
            ),
          ),
          body,
        ),
      ),
    ),
  );

  void (async () => {
    try {
      const page = await api('GET', '/campaigns?limit=50');
      if (!isCurrent()) return;
      body.replaceChildren(
        ...page.campaigns.map((campaign) =>
          h(
            'tr',
            {},
            h('td', {}, h('a', { href: `#/campaigns/${campaign.campaign_id}` }, campaign.name)),
            h('td', {}, CAMPAIGN_STATUS[campaign.status] ?? campaign.status),
            h('td', {}, progressBar(campaign.counts), ' ', countsText(campaign.counts)),
            h('td', {}, formatTime(campaign.created_at)),
          ),
        ),
      );
      if (!page.campaigns.length)
        body.append(h('tr', {}, h('td', { colspan: '4' }, 'No campaigns yet.')));
    } catch (failure) {
      if (isCurrent()) error.textContent = failure.message;
    }
  })();
}

/** One campaign, live: a progress bar, one row per driver, pause / resume / cancel. Returns a teardown. */
export function renderCampaign(main, campaignId, isCurrent) {
  const error = h('p', { class: 'error', role: 'alert' });
  const heading = h('h1', {}, 'Campaign');
  const status = h('p', { 'aria-live': 'polite', class: 'campaign-status' });
  const actions = h('div', { class: 'actions' });
  const body = h('tbody');
  main.replaceChildren(
    h('p', {}, h('a', { href: '#/campaigns' }, '← Campaigns')),
    heading,
    status,
    actions,
    error,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { 'aria-label': 'Drivers', class: 'stack-on-phone' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...[
              'Driver',
              'State',
              'Outcome',
              'Attempts',
              'Next attempt',
              'Last failure',
              'Calls',
            ].map((title) => h('th', { scope: 'col' }, title)),
          ),
        ),
        body,
      ),
    ),
  );

  const act = (action, label) =>
    h(
      'button',
      {
        type: 'button',
        class: action === 'cancel' ? 'danger' : 'secondary',
        onclick: async () => {
          if (action === 'cancel' && !confirm('Cancel the drivers not called yet?')) return;
          try {
            show(await api('POST', `/campaigns/${campaignId}/${action}`));
          } catch (failure) {
            error.textContent = failure.message;
          }
        },
      },
      label,
    );

  function show(campaign) {
    if (!isCurrent()) return;
    heading.textContent = campaign.name;
    status.replaceChildren(
      `Status: ${campaign.status}. `,
      progressBar(campaign.counts),
      ` ${countsText(campaign.counts)} of ${campaign.counts.total}.`,
    );
    actions.replaceChildren(
      ...(campaign.status === 'running' ? [act('pause', 'Pause')] : []),
      ...(campaign.status === 'paused' ? [act('resume', 'Resume')] : []),
      ...(['running', 'paused'].includes(campaign.status)
        ? [act('cancel', 'Cancel campaign')]
        : []),
    );
    body.replaceChildren(
      ...campaign.drivers.map((driver) =>
        h(
          'tr',
          { dataset: { driverId: driver.driver_id, state: driver.state } },
          h('td', { dataset: { label: 'Driver' } }, `${driver.driver_name} (${driver.driver_id})`),
          h(
            'td',
            { dataset: { label: 'State' } },
            h(
              'span',
              { class: `chip state-${driver.state}` },
              LABELS[driver.state] ?? driver.state,
            ),
            driver.skip_reason ? ` (${driver.skip_reason.replaceAll('_', ' ')})` : '',
          ),
          h('td', { dataset: { label: 'Outcome' } }, outcomeText(driver.items)),
          h('td', { dataset: { label: 'Attempts' } }, String(driver.attempts)),
          h(
            'td',
            { dataset: { label: 'Next attempt' } },
            driver.next_attempt_at ? formatTime(driver.next_attempt_at) : '—',
            driver.waiting_reason ? h('div', { class: 'muted' }, driver.waiting_reason) : false,
          ),
          h('td', { dataset: { label: 'Last failure' } }, driver.last_failure ?? '—'),
          h(
            'td',
            { dataset: { label: 'Calls' } },
            driver.call_sids.length ? '' : '—',
            ...driver.call_sids.flatMap((sid, index) => [
              index ? ', ' : '',
              h(
                'a',
                {
                  href: `#/calls/${encodeURIComponent(sid)}`,
                  'aria-label': `Call ${index + 1} to ${driver.driver_name}`,
                },
                `Call ${index + 1}`,
              ),
            ]),
          ),
        ),
      ),
    );
  }

  // One read at a time; a change announced during a read gets a read of its own after it (the
  // read in flight may predate the change).
  let reloading = null;
  let stale = false;
  const reload = () => {
    if (reloading) {
      stale = true;
      return;
    }
    reloading = api('GET', `/campaigns/${campaignId}`)
      .then(show, (failure) => (error.textContent = failure.message))
      .finally(() => {
        reloading = null;
        if (stale) {
          stale = false;
          reload();
        }
      });
  };
  reload();

  // Live: campaign_progress over the Part 5 socket; each change re-reads the drivers.
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(
    `${scheme}://${location.host}/ws/calls/transcriptions?token=${encodeURIComponent(session.token ?? '')}`,
  );
  socket.addEventListener('open', () => socket.send(JSON.stringify({ subscribe: campaignId })));
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'campaign_progress') reload();
    else if (message.type === 'error') error.textContent = message.message;
  });
  return () => socket.close(1000, 'Left the campaign page');
}
