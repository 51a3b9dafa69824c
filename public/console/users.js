import { api, session } from './api.js';
import { formatTime, h, toast } from './dom.js';
import { dataTable, filterField } from './list-page.js';

/** Admins run the team: add users (a generated password is shown once), change roles, disable. */
export function renderUsers(main, isCurrent) {
  const error = h('p', { class: 'error', role: 'alert', id: 'users-error' });
  const body = h('tbody');
  const generated = h('div', { class: 'card generated-password', role: 'status', hidden: true });
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Add a user', 'aria-describedby': 'users-error' },
    filterField(
      'new-user-email',
      'Email',
      h('input', { name: 'email', type: 'email', required: true }),
    ),
    filterField(
      'new-user-role',
      'Role',
      h(
        'select',
        { name: 'role' },
        h('option', { value: 'dispatcher' }, 'Dispatcher'),
        h('option', { value: 'admin' }, 'Admin'),
      ),
    ),
    filterField(
      'new-user-password',
      'Password (leave empty to generate one)',
      h('input', { name: 'password', type: 'password', autocomplete: 'new-password' }),
    ),
    h('div', {}, h('button', { type: 'submit' }, 'Add user')),
  );

  async function change(user, changes, done) {
    await act(() => api('PATCH', `/users/${user.id}`, changes), done);
  }

  async function act(request, done) {
    error.textContent = '';
    try {
      await request();
      toast(done);
      await load();
    } catch (failure) {
      if (isCurrent()) error.textContent = failure.message;
      await load();
    }
  }

  const row = (user) => {
    const role = h(
      'select',
      { 'aria-label': `Role of ${user.email}` },
      ...['dispatcher', 'admin'].map((value) =>
        h(
          'option',
          { value, selected: value === user.role },
          value === 'admin' ? 'Admin' : 'Dispatcher',
        ),
      ),
    );
    role.addEventListener(
      'change',
      () => void change(user, { role: role.value }, `${user.email} is now a ${role.value}`),
    );
    return h(
      'tr',
      { dataset: { userId: user.id } },
      h('td', {}, user.email),
      h('td', {}, role),
      h(
        'td',
        {},
        user.disabled ? h('span', { class: 'badge badge-failed' }, 'Disabled') : 'Active',
      ),
      h('td', {}, formatTime(user.created_at)),
      h(
        'td',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () =>
              void change(
                user,
                { disabled: !user.disabled },
                user.disabled
                  ? `${user.email} may sign in again`
                  : `${user.email} is signed out everywhere`,
              ),
          },
          user.disabled ? `Enable ${user.email}` : `Disable ${user.email}`,
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            title: 'Clear failed sign-ins, so a locked-out user may sign in at once',
            onclick: () =>
              void act(
                () => api('POST', `/users/${user.id}/unlock`),
                `${user.email} may sign in again now`,
              ),
          },
          `Unlock sign-in for ${user.email}`,
        ),
      ),
    );
  };

  async function load() {
    try {
      const { users } = await api('GET', '/users');
      if (!isCurrent()) return;
      body.replaceChildren(...users.map(row));
    } catch (failure) {
      if (isCurrent()) error.textContent = failure.message;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    generated.hidden = true;
    const data = new FormData(form);
    const request = { email: String(data.get('email')).trim(), role: String(data.get('role')) };
    if (data.get('password')) request.password = String(data.get('password'));
    try {
      const user = await api('POST', '/users', request);
      form.reset();
      toast(`Added ${user.email}`);
      if (user.password) {
        generated.replaceChildren(
          h('p', {}, `Password for ${user.email}, shown this once: copy it now and hand it over.`),
          h('code', { class: 'secret' }, user.password),
        );
        generated.hidden = false;
      }
      await load();
    } catch (failure) {
      if (isCurrent()) error.textContent = failure.message;
    }
  });

  main.replaceChildren(
    h(
      'section',
      { 'aria-labelledby': 'users-title' },
      h('h2', { id: 'users-title' }, 'Users'),
      h(
        'p',
        { class: 'muted' },
        'Disabling someone signs them out at once, on every screen; enabling them again needs a new sign-in. Unlocking lets someone locked out by failed sign-ins try again at once.',
      ),
      form,
      generated,
      error,
      dataTable('Users', ['Email', 'Role', 'Status', 'Added', 'Actions'], body),
    ),
  );
  void load();
}

/** The role in the signed-in token, to show admin pages; the server checks it on every request. */
export function signedInRole() {
  try {
    const payload = session.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload)).role ?? 'dispatcher';
  } catch {
    return 'dispatcher';
  }
}
