import { callLabel, formatCost, formatDuration, formatTime, h, statusBadge } from './dom.js';
import { transferText } from './call-detail.js';
import { itemList } from './items.js';
import { transcriptItem, transcriptList } from './transcript.js';

function outcome(call) {
  if (!call.data) return null;
  const data = call.data;
  return h(
    'dl',
    { class: 'outcome' },
    h('dt', {}, 'Summary'),
    h('dd', { class: 'summary' }, data.transcript_summary ?? '—'),
    h('dt', {}, 'Outcome'),
    h(
      'dd',
      {},
      data.call_successful === true
        ? 'Successful'
        : data.call_successful === false
          ? 'Not successful'
          : '—',
    ),
    h('dt', {}, 'Duration'),
    h('dd', {}, formatDuration(data.call_duration_seconds)),
    h('dt', {}, 'Cost'),
    h('dd', {}, formatCost(data.cost, data.metadata)),
  );
}

function card(call, feed) {
  return h(
    'article',
    {
      class: 'card live-call',
      dataset: { callSid: call.callSid },
      'aria-labelledby': `title-${call.callSid}`,
    },
    h(
      'header',
      { class: 'card-header' },
      h(
        'h3',
        { id: `title-${call.callSid}` },
        callLabel({ ...(call.about ?? {}), call_sid: call.callSid }),
      ),
      statusBadge(call.status, {
        not_reached: call.notReached,
        call_successful: call.data?.call_successful ?? call.callSuccessful,
        items: [...(call.items?.values() ?? [])],
      }),
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => feed.forget(call.callSid) },
        'Stop watching',
      ),
    ),
    call.error ? h('p', { class: 'error' }, call.error) : null,
    call.turns.length
      ? transcriptList(call.turns, { live: true })
      : call.status === 'in_progress'
        ? h('p', { class: 'muted waiting' }, 'Waiting for the first words…')
        : h('p', { class: 'muted' }, 'Nobody spoke on this call.'),
    call.items?.size ? h('h4', {}, 'Items') : null,
    call.items?.size ? itemList(call.items.values()) : null,
    call.transfer
      ? h('p', { class: 'transfer', role: 'status' }, transferText(call.transfer))
      : null,
    outcome(call),
  );
}

/** Who is on the call: the driver's page, or the caller nobody has on record. */
export function driverCell(call) {
  if (!call.driver_id) return h('span', { class: 'muted' }, 'Unknown number');
  return h(
    'a',
    { href: `#/drivers/${encodeURIComponent(call.driver_id)}` },
    call.driver_name ?? call.driver_id,
  );
}

function directionBadge(direction) {
  return direction === 'inbound'
    ? h('span', { class: 'badge badge-callback' }, 'Callback')
    : h('span', { class: 'badge badge-outbound' }, 'Outbound');
}

/** Every call in progress across the team, newest first; drivers calling back stand out. */
function teamBoard(feed) {
  const calls = [...feed.board.values()].sort((a, b) => b.started_at.localeCompare(a.started_at));
  if (!calls.length) return h('p', { class: 'muted' }, 'Nobody on the phone right now.');
  return h(
    'div',
    { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Calls in progress' },
    h(
      'table',
      { class: 'board' },
      h('caption', { class: 'visually-hidden' }, 'Calls in progress across the team'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Driver', 'Direction', 'Started', 'Call', ''].map((title) =>
            h('th', { scope: 'col' }, title),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...calls.map((call) =>
          h(
            'tr',
            {
              class: call.direction === 'inbound' ? 'row-callback' : null,
              dataset: { boardCallSid: call.call_sid },
            },
            h('td', {}, driverCell(call)),
            h('td', {}, directionBadge(call.direction)),
            h('td', {}, formatTime(call.started_at)),
            h(
              'td',
              {},
              h('a', { href: `#/calls/${encodeURIComponent(call.call_sid)}` }, call.call_sid),
            ),
            h(
              'td',
              {},
              feed.calls.has(call.call_sid)
                ? h('span', { class: 'muted' }, 'Watching')
                : h(
                    'button',
                    {
                      type: 'button',
                      class: 'secondary',
                      'aria-label': `Watch ${call.driver_name ?? 'the call'} live`,
                      onclick: () => feed.watch(call.call_sid),
                    },
                    'Watch',
                  ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The team's board, then every call being watched, updated turn by turn from the WebSocket. */
export function renderLive(main, feed) {
  const connection = h(
    'p',
    { class: 'muted', id: 'connection', role: 'status' },
    feed.socket?.readyState === WebSocket.OPEN ? 'Live' : 'Connecting…',
  );
  const board = h('div', { id: 'team-board' });
  const drawBoard = () => board.replaceChildren(teamBoard(feed));
  const list = h('div', { class: 'live-list' });
  const draw = () => {
    list.replaceChildren(...[...feed.calls.values()].reverse().map((call) => card(call, feed)));
    if (feed.calls.size === 0)
      list.append(
        h(
          'p',
          { class: 'muted' },
          'No call watched. Watch one from the board, place one, or open one from the history.',
        ),
      );
  };
  const onChange = (event) => {
    const { callSid, message } = event.detail;
    const existing = list.querySelector(`[data-call-sid="${CSS.escape(callSid)}"]`);
    const call = feed.calls.get(callSid);
    if (
      existing &&
      call &&
      message?.type === 'transcription' &&
      existing.querySelector('ol.transcript')
    ) {
      existing.querySelector('ol.transcript').append(transcriptItem(message));
      return;
    }
    if (existing && call) existing.replaceWith(card(call, feed));
    else {
      draw();
      drawBoard(); // "Watch" becomes "Watching", and back
    }
  };
  const onConnection = (event) =>
    (connection.textContent = event.detail === 'connected' ? 'Live' : 'Reconnecting…');
  feed.addEventListener('change', onChange);
  feed.addEventListener('board', drawBoard);
  feed.addEventListener('connection', onConnection);
  draw();
  drawBoard();
  main.replaceChildren(
    h(
      'section',
      { 'aria-labelledby': 'live-title' },
      h('h2', { id: 'live-title' }, 'Live calls'),
      connection,
      h('h3', { id: 'board-title' }, 'On the phone now'),
      board,
      h('h3', {}, 'Watching'),
      list,
    ),
  );
  return () => {
    feed.removeEventListener('change', onChange);
    feed.removeEventListener('board', drawBoard);
    feed.removeEventListener('connection', onConnection);
  };
}
