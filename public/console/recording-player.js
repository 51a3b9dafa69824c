import { api } from './api.js';
import { h } from './dom.js';

const clock = (seconds) =>
  `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

/**
 * The call's recording with its transcript following it: a player on a short-lived signed link
 * (an `<audio>` cannot send the bearer token; an expired link is replaced where it stopped), each
 * turn a "play from here" button at its time in the call, and the turn being spoken highlighted.
 */
export function recordingPlayer(call, transcript) {
  if (!call.recording?.available)
    return call.has_audio
      ? h('p', { class: 'muted' }, 'The recording is being copied from ElevenLabs…')
      : null;
  const audio = h('audio', {
    controls: true,
    preload: 'metadata',
    'aria-label': 'Recording of the call',
  });
  const status = h('p', { class: 'error', role: 'alert' });
  let renewed = 0;
  const load = async (at = 0) => {
    try {
      const link = await api('POST', `/calls/${encodeURIComponent(call.call_sid)}/recording/link`);
      audio.src = link.url;
      if (at) audio.currentTime = at;
    } catch (failure) {
      status.textContent = failure.message;
    }
  };
  // A link that expired mid-listen: a fresh one, from where it stopped (at most a few times).
  audio.addEventListener('error', () => {
    if (renewed++ < 3) void load(audio.currentTime);
  });
  const start = Date.parse(call.call_start_time);
  const turns = [...(transcript?.querySelectorAll('.turn') ?? [])].map((item) => ({
    item,
    at: Math.max(
      0,
      (Date.parse(item.querySelector('time').getAttribute('datetime')) - start) / 1000,
    ),
  }));
  for (const { item, at } of turns) {
    const seek = h(
      'button',
      { type: 'button', class: 'seek link-button', 'aria-label': `Play from ${clock(at)}` },
      `▶ ${clock(at)}`,
    );
    seek.addEventListener('click', () => {
      audio.currentTime = at;
      void audio.play().catch(() => undefined);
    });
    item.append(seek);
  }
  audio.addEventListener('timeupdate', () => {
    const now = audio.currentTime;
    let speaking = null;
    for (const turn of turns) if (turn.at <= now) speaking = turn;
    for (const turn of turns) {
      const current = turn === speaking && !audio.paused;
      turn.item.classList.toggle('speaking', current);
      if (current) turn.item.setAttribute('aria-current', 'true');
      else turn.item.removeAttribute('aria-current');
    }
  });
  void load();
  return h('div', { class: 'recording' }, h('h3', {}, 'Recording'), audio, status);
}
