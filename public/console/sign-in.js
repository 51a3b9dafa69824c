import { api, session } from './api.js';
import { h } from './dom.js';

export function renderSignIn(main, onSignedIn, reason) {
  const error = h('p', { class: 'error', id: 'sign-in-error', role: 'alert' }, reason ?? '');
  const email = h('input', {
    id: 'email',
    name: 'email',
    type: 'email',
    autocomplete: 'username',
    required: true,
  });
  const password = h('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const form = h(
    'form',
    { class: 'card narrow', 'aria-describedby': 'sign-in-error', novalidate: true },
    h('h2', {}, 'Sign in'),
    h('label', { for: 'email' }, 'Email'),
    email,
    h('label', { for: 'password' }, 'Password'),
    password,
    error,
    h('button', { type: 'submit' }, 'Sign in'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!email.value || !password.value) {
      error.textContent = 'Enter your email and password.';
      return;
    }
    try {
      const { access_token } = await api('POST', '/auth/login', {
        email: email.value,
        password: password.value,
      });
      session.token = access_token;
      onSignedIn();
    } catch (failure) {
      error.textContent = failure.message;
      password.select();
    }
  });
  main.replaceChildren(form);
  email.focus();
}
