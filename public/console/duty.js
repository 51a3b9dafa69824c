import { api } from './api.js';
import { formatTime, h, toast } from './dom.js';

/** Your duty: the phone transferred calls ring, being on duty (it lapses), your languages. */
export function dutyForm(isCurrent) {
  const error = h('p', { class: 'error', role: 'alert', id: 'duty-error' });
  const status = h('p', { class: 'muted', role: 'status' }, 'Loading…');
  const phone = h('input', { id: 'duty-phone', name: 'phone_number', type: 'tel' });
  const languages = ['en', 'es'].map((code) =>
    h('input', { type: 'checkbox', name: 'languages', value: code, id: `duty-${code}` }),
  );
  const form = h(
    'form',
    { class: 'card narrow', 'aria-describedby': 'duty-error' },
    h('h2', {}, 'Taking transferred calls'),
    status,
    h('label', { for: 'duty-phone' }, 'Your phone (transferred calls ring it)'),
    phone,
    h(
      'fieldset',
      {},
      h('legend', {}, 'Languages you take calls in'),
      ...languages.map((box) =>
        h('label', { for: box.id }, box, box.value === 'en' ? ' English' : ' Spanish'),
      ),
    ),
    error,
    h('button', { type: 'submit', name: 'on_duty', value: 'true' }, 'Go on duty'),
    ' ',
    h(
      'button',
      { type: 'submit', name: 'on_duty', value: 'false', class: 'secondary' },
      'Go off duty',
    ),
  );
  const show = (me) => {
    phone.value = me.phone_number ?? '';
    for (const box of languages) box.checked = me.languages.includes(box.value);
    status.textContent = me.on_duty
      ? `On duty until ${formatTime(me.on_duty_until)}`
      : 'Off duty: no call is transferred to you';
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      const me = await api('PATCH', '/users/me', {
        phone_number: phone.value.trim() || null,
        on_duty: event.submitter?.value === 'true',
        languages: languages.filter((box) => box.checked).map((box) => box.value),
      });
      show(me);
      toast(me.on_duty ? 'You are on duty' : 'You are off duty');
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  api('GET', '/users/me')
    .then((me) => isCurrent() && show(me))
    .catch((failure) => {
      if (isCurrent()) status.textContent = failure.message;
    });
  return form;
}
