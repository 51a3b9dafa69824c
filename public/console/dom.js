/** Builds elements without HTML strings, so text from the server can never become markup. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function')
      element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

let toastTimer;
/** A short message read out by screen readers (the toast is an aria-live region). */
export function toast(message) {
  const element = document.getElementById('toast');
  element.textContent = message;
  element.classList.add('visible');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => element.classList.remove('visible'), 4000);
}

export function formatTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** Dollars (`cost`), with ElevenLabs' credits beside them when the metadata has them. */
export function formatCost(dollars, metadata) {
  const credits = typeof metadata?.cost === 'number' ? `${metadata.cost} credits` : null;
  if (dollars === null || dollars === undefined) return credits ? `— (${credits})` : '—';
  const amount = `$${Number(dollars).toFixed(2)}`;
  return credits ? `${amount} (${credits})` : amount;
}

export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const minutes = Math.floor(seconds / 60);
  return minutes ? `${minutes} min ${seconds % 60} s` : `${seconds} s`;
}

/** Why a driver was never reached, in a dispatcher's words. */
const NOT_REACHED = {
  busy: 'Line busy',
  'no-answer': 'No answer',
  voicemail: 'Voicemail',
  'dial-error': 'Could not dial',
  'rate-limited': 'Platform at capacity',
  unknown: 'Not reached',
};

/**
 * A call's status in words: an ended call says why it was not reached (line busy, no answer,
 * voicemail) or that the driver pushed back ("Disputed", "Not successful"), rather than "Failed".
 * `call` gives `not_reached`, `call_successful` and `items` when known.
 */
export function statusBadge(status, call = {}) {
  const value = String(status ?? 'unknown').toLowerCase();
  let label =
    { in_progress: 'In progress', completed: 'Completed', failed: 'Failed' }[value] ?? value;
  if (value !== 'in_progress' && call.not_reached)
    label = NOT_REACHED[call.not_reached] ?? 'Not reached';
  else if (value !== 'in_progress' && call.call_successful === false)
    label = (call.items ?? []).some((item) => item.outcome === 'disputed')
      ? 'Disputed'
      : 'Not successful';
  return h('span', { class: `badge badge-${value}` }, label);
}

/** Calls in another language than English stand out (English is every call's default). */
export function languageBadge(language) {
  return language && language !== 'en'
    ? h(
        'span',
        { class: 'badge badge-language', lang: language },
        { es: 'Español' }[language] ?? language,
      )
    : null;
}

const scripts = new Map();
/**
 * A library installed from npm and served by this service under /vendor/ (never a CDN), loaded
 * once as a classic script; resolves to the global it defines.
 */
export function loadVendorScript(src, globalName, what) {
  if (!scripts.has(src)) {
    scripts.set(
      src,
      new Promise((resolve, reject) => {
        const script = h('script', { src });
        script.addEventListener('load', () => resolve(window[globalName]));
        script.addEventListener('error', () => {
          scripts.delete(src);
          reject(new Error(`The ${what} could not be loaded.`));
        });
        document.head.append(script);
      }),
    );
  }
  return scripts.get(src);
}

/**
 * A call named as a dispatcher knows it: the driver (or "Unknown caller"), their phone and the
 * trip, linking to the call's page; the call id stays below, small.
 */
export function callLabel(call) {
  const name = call.driver_name ?? call.driver_id ?? 'Unknown caller';
  const details = [call.phone_number, call.trip_id && `trip ${call.trip_id}`].filter(Boolean);
  return h(
    'div',
    { class: 'call-label' },
    h('a', { href: `#/calls/${encodeURIComponent(call.call_sid)}` }, name),
    details.length ? h('span', { class: 'muted' }, ` · ${details.join(' · ')}`) : null,
    h('div', { class: 'call-id muted' }, call.call_sid),
  );
}

/** Local midnight of a `YYYY-MM-DD` date, `days` later: right across daylight-saving changes. */
export function localMidnight(date, days = 0) {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year, month - 1, day + days);
}
