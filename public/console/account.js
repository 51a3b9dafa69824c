import { api, session } from './api.js';
import { h, toast } from './dom.js';
import { dutyForm } from './duty.js';

/** The server's details name its fields (`current_password`); say them as the form does. */
function inWords(detail) {
  return detail
    .replaceAll('current_password', 'Your current password')
    .replaceAll('new_password', 'The new password');
}

/** Your duty, and changing your own password (the answer's fresh token replaces the revoked one). */
export function renderAccount(main, isCurrent) {
  const error = h('p', { class: 'error', role: 'alert', id: 'account-error' });
  const field = (id, label, autocomplete) => [
    h('label', { for: id }, label),
    h('input', { id, name: id, type: 'password', autocomplete, required: true }),
  ];
  const form = h(
    'form',
    { class: 'card narrow', 'aria-describedby': 'account-error' },
    h('h2', {}, 'Change your password'),
    ...field('current-password', 'Current password', 'current-password'),
    ...field('new-password', 'New password (at least 12 characters)', 'new-password'),
    ...field('confirm-password', 'New password again', 'new-password'),
    error,
    h('button', { type: 'submit' }, 'Change password'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const data = new FormData(form);
    if (data.get('new-password') !== data.get('confirm-password')) {
      error.textContent = 'The two new passwords are not the same. Type the new one again.';
      return;
    }
    try {
      const { access_token } = await api('POST', '/auth/password', {
        current_password: String(data.get('current-password')),
        new_password: String(data.get('new-password')),
      });
      session.token = access_token;
      form.reset();
      toast('Password changed: your other sessions are signed out');
    } catch (failure) {
      error.textContent = inWords(failure.message);
    }
  });
  main.replaceChildren(dutyForm(isCurrent), form);
}
