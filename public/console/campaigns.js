import { api, session } from './api.js';
import { CSV_COLUMNS, driversFromCsv } from './campaign-csv.js';
import { formatTime, h, toast } from './dom.js';

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
      h('input', { id: 'campaign-type', name: 'callType', required: true, value: 'violation' }),
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
    h('div', {}, h('button', { type: 'submit' }, 'Start campaign')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const data = new FormData(form);
    try {
      const drivers = await driversFromCsv(String(data.get('csv')));
      const created = await api('POST', '/campaigns', {
        name: String(data.get('name')).trim(),
        callType: String(data.get('callType')).trim(),
        timezone: String(data.get('timezone')).trim(),
        calling_window: { start: String(data.get('start')), end: String(data.get('end')) },
        concurrency: Number(data.get('concurrency')),
        retry: {
          max_attempts: Number(data.get('max_attempts')),
          delay_seconds: Math.round(Number(data.get('delay_minutes')) * 60),
        },
        drivers,
      });
      toast(`Campaign "${created.name}" started`);
      location.hash = `#/campaigns/${created.campaign_id}`;
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
            h('td', {}, campaign.status),
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
        { 'aria-label': 'Drivers' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Driver', 'State', 'Attempts', 'Next attempt', 'Last failure', 'Calls'].map(
              (title) => h('th', { scope: 'col' }, title),
            ),
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
          h('td', {}, `${driver.driver_name} (${driver.driver_id})`),
          h(
            'td',
            {},
            h(
              'span',
              { class: `chip state-${driver.state}` },
              LABELS[driver.state] ?? driver.state,
            ),
            driver.skip_reason ? ` (${driver.skip_reason})` : '',
          ),
          h('td', {}, String(driver.attempts)),
          h(
            'td',
            {},
            driver.next_attempt_at ? formatTime(driver.next_attempt_at) : '—',
            driver.waiting_reason ? h('div', { class: 'muted' }, driver.waiting_reason) : false,
          ),
          h('td', {}, driver.last_failure ?? '—'),
          h(
            'td',
            {},
            ...driver.call_sids.flatMap((sid, index) => [
              index ? ', ' : '',
              h('a', { href: `#/calls/${encodeURIComponent(sid)}` }, `#${index + 1}`),
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
