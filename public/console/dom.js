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

export function statusBadge(status) {
  const value = String(status ?? 'unknown').toLowerCase();
  const label =
    { in_progress: 'In progress', completed: 'Completed', failed: 'Failed' }[value] ?? value;
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
