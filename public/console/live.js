import { formatCost, formatDuration, h, statusBadge } from './dom.js';
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
        h('a', { href: `#/calls/${encodeURIComponent(call.callSid)}` }, call.callSid),
      ),
      statusBadge(call.status),
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => feed.forget(call.callSid) },
        'Stop watching',
      ),
    ),
    call.error ? h('p', { class: 'error' }, call.error) : null,
    call.turns.length
      ? transcriptList(call.turns, { live: true })
      : h('p', { class: 'muted waiting' }, 'Waiting for the first words…'),
    call.items?.size ? h('h4', {}, 'Items') : null,
    call.items?.size ? itemList(call.items.values()) : null,
    outcome(call),
  );
}

/** Every call being watched, updated turn by turn from the WebSocket. */
export function renderLive(main, feed) {
  const connection = h(
    'p',
    { class: 'muted', id: 'connection', role: 'status' },
    feed.socket?.readyState === WebSocket.OPEN ? 'Live' : 'Connecting…',
  );
  const list = h('div', { class: 'live-list' });
  const draw = () => {
    list.replaceChildren(...[...feed.calls.values()].reverse().map((call) => card(call, feed)));
    if (feed.calls.size === 0)
      list.append(
        h('p', { class: 'muted' }, 'No live calls. Place one, or open a call from the history.'),
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
    else draw();
  };
  const onConnection = (event) =>
    (connection.textContent = event.detail === 'connected' ? 'Live' : 'Reconnecting…');
  feed.addEventListener('change', onChange);
  feed.addEventListener('connection', onConnection);
  draw();
  main.replaceChildren(
    h(
      'section',
      { 'aria-labelledby': 'live-title' },
      h('h2', { id: 'live-title' }, 'Live calls'),
      connection,
      list,
    ),
  );
  return () => {
    feed.removeEventListener('change', onChange);
    feed.removeEventListener('connection', onConnection);
  };
}
