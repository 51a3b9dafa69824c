import { api } from './api.js';
import {
  formatCost,
  formatDuration,
  formatTime,
  h,
  statusBadge,
  languageBadge,
  toast,
} from './dom.js';
import { itemList } from './items.js';
import { recordingPlayer } from './recording-player.js';
import { transcriptList } from './transcript.js';

/** "Call again": the same driver, about this call's open items only. */
function followUpButton(call) {
  const open = call.items.some((item) => !['resolved', 'acknowledged'].includes(item.outcome));
  if (!open || call.status === 'IN_PROGRESS') return null;
  return h(
    'button',
    { type: 'button', onclick: () => void callAgain(call.call_sid) },
    'Call again about open items',
  );
}

export async function callAgain(callSid) {
  try {
    const placed = await api('POST', `/calls/${encodeURIComponent(callSid)}/follow-up`);
    toast(`Calling ${placed.driver.driverName} (${placed.driver.phoneNumber}) again`);
    window.dispatchEvent(new CustomEvent('watch-call', { detail: placed.call_sid }));
  } catch (failure) {
    toast(failure.message);
  }
}

/** Who the driver was put through to, why, and whether it connected. */
export function transferText(transfer) {
  if (!transfer) return '—';
  const outcome = transfer.succeeded ? 'Put through to' : 'Transfer failed to';
  const reason = transfer.reason ? ` (${transfer.reason})` : '';
  return `${outcome} ${transfer.to ?? 'an unknown number'} at ${formatTime(transfer.at)}${reason}`;
}

/** One call: its transcript, violations, outcome, analysis and metadata, and a re-fetch button. */
export async function renderCallDetail(main, identifier, feed, isCurrent) {
  main.replaceChildren(h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  let call;
  try {
    call = await api('GET', `/calls/${encodeURIComponent(identifier)}`);
  } catch (failure) {
    if (isCurrent())
      main.replaceChildren(h('p', { class: 'error', role: 'alert' }, failure.message));
    return;
  }
  if (!isCurrent()) return;
  const fetchError = h('p', { class: 'error', role: 'alert' });
  const refetch = h(
    'button',
    { type: 'button', disabled: !call.conversation_id },
    'Fetch from ElevenLabs again',
  );
  refetch.addEventListener('click', async () => {
    refetch.disabled = true;
    fetchError.textContent = '';
    try {
      const result = await api(
        'POST',
        `/driver_data/conversations/${encodeURIComponent(call.conversation_id)}/fetch`,
      );
      toast(`Fetched: ${result.transcriptions_added} new turn(s), status ${result.call_status}`);
      if (isCurrent()) await renderCallDetail(main, identifier, feed, isCurrent);
    } catch (failure) {
      fetchError.textContent = failure.message;
      refetch.disabled = false;
    }
  });
  const facts = [
    ['Driver', call.driver_name ? `${call.driver_name} (${call.driver_id})` : 'Unknown caller'],
    ['Phone', call.phone_number ?? '—'],
    ['Trip', call.trip_id || '—'],
    ['Call id', call.call_sid],
    ['Conversation', call.conversation_id ?? '—'],
    ['Started', formatTime(call.call_start_time)],
    ['Ended', formatTime(call.call_end_time)],
    ['Duration', formatDuration(call.call_duration_seconds)],
    ['Cost', formatCost(call.cost, call.metadata)],
    [
      'Outcome',
      call.call_successful === true
        ? 'Successful'
        : call.call_successful === false
          ? 'Not successful'
          : '—',
    ],
    ['First message', call.first_message ?? '—'],
    ['Call back at', call.call_back_at ? formatTime(call.call_back_at) : '—'],
    ['Summary', call.transcript_summary ?? '—'],
    ['Failure reason', call.failure_reason ?? '—'],
    ['Transfer to a person', transferText(call.transfer)],
    ['Custom rules', call.custom_rules ?? '—'],
  ];
  const transcript = call.transcript.length ? transcriptList(call.transcript) : null;
  main.replaceChildren(
    h(
      'article',
      { class: 'card', 'aria-labelledby': 'call-title' },
      h(
        'header',
        { class: 'card-header' },
        h(
          'h2',
          { id: 'call-title' },
          `${call.driver_name ?? 'Unknown caller'}${call.trip_id ? ` · trip ${call.trip_id}` : ''}`,
        ),
        statusBadge(call.status, call),
        languageBadge(call.language),
        call.status === 'IN_PROGRESS'
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () => {
                  feed.watch(call.call_sid);
                  location.hash = '#/live';
                },
              },
              'Watch live',
            )
          : null,
        refetch,
      ),
      fetchError,
      h(
        'dl',
        { class: 'facts' },
        ...facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
      ),
      h('h3', {}, 'Violations and reminders'),
      itemList(call.items, {
        callSid: call.call_sid,
        onSaved: () => isCurrent() && void renderCallDetail(main, identifier, feed, isCurrent),
      }),
      followUpButton(call),
      recordingPlayer(call, transcript),
      h('h3', {}, `Transcript (${call.transcript.length} turns)`),
      transcript ?? h('p', { class: 'muted' }, 'No transcript yet.'),
      h(
        'details',
        {},
        h('summary', {}, 'Analysis'),
        h('pre', {}, JSON.stringify(call.analysis, null, 2)),
      ),
      h(
        'details',
        {},
        h('summary', {}, 'Metadata'),
        h('pre', {}, JSON.stringify(call.metadata, null, 2)),
      ),
    ),
  );
}
