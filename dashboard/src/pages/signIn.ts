// Sign-in: username and password; the server sets the session cookie.
import { ApiError, getJson, signIn } from '../api.ts';
import { h } from '../dom.ts';
import type { Me } from '../types.ts';

/** `note`: why the reader is here (an expired session), or empty. */
export function signInPage(note: string, onSignedIn: (me: Me) => void): HTMLElement {
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const status = h('p', { class: 'form-error', role: 'alert', 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title', tabindex: '-1' }, 'Sign in'),
    note ? h('p', { class: 'session-note', id: 'sign-in-note' }, note) : null,
    h('p', {}, 'Outcomes and equity figures for the agency. Use the account your administrator gave you.'),
    h('div', { class: 'field' }, h('label', { for: 'username' }, 'Username'), username),
    h('div', { class: 'field' }, h('label', { for: 'password' }, 'Password'), password),
    submit,
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = '';
    submit.disabled = true;
    try {
      await signIn(username.value.trim(), password.value);
      onSignedIn(await getJson<Me>('/api/me'));
    } catch (error) {
      password.value = '';
      if (error instanceof ApiError && error.status === 401) status.textContent = 'That username and password do not match an account.';
      else if (error instanceof ApiError && error.status === 429) status.textContent = 'Too many attempts. Wait a few minutes and try again.';
      else status.textContent = `Sign-in failed: ${error instanceof Error ? error.message : String(error)}`;
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
