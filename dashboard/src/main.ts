// Boots the dashboard: who is signed in, the header and navigation, and client-side routing with the History API.
import { ApiError, getFresh, getJson, signOut } from './api.ts';
import { h, replace } from './dom.ts';
import { drawPending, forgetFigures } from './figure.ts';
import { SMALL_BELOW, useSmallCellThreshold } from './format.ts';
import { mayOpen, navPages, roleNames } from './roles.ts';
import { pick, sharedFilters } from './query.ts';
import type { Page, PageContext } from './context.ts';
import type { Filters, Health, Me } from './types.ts';
import { signInPage } from './pages/signIn.ts';
import { overviewPage } from './pages/overview.ts';
import { facilitatorsPage } from './pages/facilitators.ts';
import { facilitatorDetailPage } from './pages/facilitatorDetail.ts';
import { equityPage } from './pages/equity.ts';
import { timeInServicesPage } from './pages/timeInServices.ts';
import { workforcePage } from './pages/workforce.ts';
import { dataPage } from './pages/data.ts';

const routes: { pattern: RegExp; keys: string[]; page: Page; title: string }[] = [
  { pattern: /^\/$/, keys: [], page: overviewPage, title: 'Overview' },
  { pattern: /^\/facilitators$/, keys: [], page: facilitatorsPage, title: 'Facilitators' },
  { pattern: /^\/facilitators\/([^/]+)$/, keys: ['staffId'], page: facilitatorDetailPage, title: 'Facilitator' },
  { pattern: /^\/equity$/, keys: [], page: equityPage, title: 'Equity' },
  { pattern: /^\/time-in-services$/, keys: [], page: timeInServicesPage, title: 'Time in services' },
  { pattern: /^\/workforce$/, keys: [], page: workforcePage, title: 'Workforce' },
  { pattern: /^\/data$/, keys: [], page: dataPage, title: 'Data' },
];

const main = document.getElementById('main') as HTMLElement;
const header = document.getElementById('header') as HTMLElement;
let me: Me | null = null;
let renderCount = 0;

function navigate(url: string, options: { replace?: boolean; keepFocus?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  void render(true, options.keepFocus);
}

/** Focuses the element with this id in the new view (a filter control), or else the page's heading. */
function focusView(id: string): void {
  const target = (id && document.getElementById(id)) || main.querySelector<HTMLElement>('h1');
  // A checkbox in a closed list (programs, counties) takes focus only once the list is open; open, a second can be picked.
  target?.closest('details')?.setAttribute('open', '');
  target?.focus({ preventScroll: false });
}

function drawHeader(user: Me | null): void {
  if (!user) {
    replace(header, h('p', { class: 'brand' }, 'Agency outcomes'));
    return;
  }
  const current = location.pathname;
  // The filters every page shares go along to the next page; a page's own (dimension, metric) do not.
  const shared = pick(new URLSearchParams(location.search), sharedFilters);
  const carried = shared.size ? `?${shared}` : '';
  const links = navPages.filter((p) => p.roles.includes(user.role)).map((p) => {
    const active = p.path === '/' ? current === '/' : current.startsWith(p.path);
    return h('li', {}, h('a', { href: `${p.path}${carried}`, 'data-nav': '', 'aria-current': active ? 'page' : null }, p.title));
  });
  const signOutButton = h('button', { type: 'button', class: 'link-button' }, 'Sign out');
  signOutButton.addEventListener('click', async () => {
    await signOut();
    me = null;
    navigate('/sign-in');
  });
  replace(header,
    h('p', { class: 'brand' }, h('a', { href: '/', 'data-nav': '' }, 'Agency outcomes')),
    h('nav', { 'aria-label': 'Pages' }, h('ul', {}, links)),
    h('p', { class: 'user' }, h('span', { class: 'user-name' }, user.username), ' · ', h('span', { class: 'user-role' }, roleNames[user.role]), ' ', signOutButton),
  );
}

function message(title: string, text: string, link?: { href: string; label: string }): Node[] {
  const nodes: Node[] = [h('h1', { tabindex: '-1' }, title), h('p', { class: 'message' }, text)];
  if (link) nodes.push(h('p', {}, h('a', { href: link.href, 'data-nav': '' }, link.label)));
  return nodes;
}

function errorView(error: unknown): Node[] {
  if (error instanceof ApiError && error.status === 403) return message('Not available to you', 'Your role does not include this page. The pages you can open are in the menu above.', { href: '/', label: 'Go to the overview' });
  if (error instanceof ApiError && error.status === 404) return message('Not found', error.message || 'There is nothing at this address.', { href: '/', label: 'Go to the overview' });
  if (error instanceof ApiError && error.status === 400) {
    return [
      h('h1', {}, 'These filters cannot be used'),
      h('ul', { class: 'message' }, (error.issues.length ? error.issues : [{ path: '', message: error.message }]).map((i) => h('li', {}, i.path ? `${i.path}: ${i.message}` : i.message))),
      h('p', {}, h('a', { href: location.pathname, 'data-nav': '' }, 'Clear the filters')),
    ];
  }
  return message('Something went wrong', error instanceof Error ? error.message : String(error), { href: location.pathname + location.search, label: 'Try again' });
}

/** Said above the sign-in form when a session ran out (8 idle hours), so the reader knows why they are there. */
// The server tells an ended session from none, not why it ended: all three ways are named.
const expiredNote = 'Your session has ended (after 8 hours without use, a sign-out elsewhere, or a change to your account). Sign in again to go on where you were.';
let signInNote = '';

async function render(moveFocus: boolean, keepFocus = false): Promise<void> {
  const ticket = ++renderCount;
  let keptId = '';
  const path = location.pathname.replace(/\/+$/, '') || '/';
  main.dataset.state = 'loading';
  forgetFigures();
  try {
    if (!me && path !== '/sign-in') {
      // Answered 200 signed in or not, so a signed-out visit logs no failed request.
      const session = await getFresh<{ user: Me | null; expired: boolean }>('/api/session');
      if (!session.user) {
        signInNote = session.expired ? expiredNote : '';
        history.replaceState(null, '', `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`);
        return render(moveFocus);
      }
      me = session.user;
    }
    if (path === '/sign-in' || !me) {
      me = null;
      drawHeader(null);
      document.title = 'Sign in · Agency outcomes';
      const note = signInNote;
      signInNote = '';
      replace(main, signInPage(note, (user) => {
        me = user;
        const next = new URLSearchParams(location.search).get('next');
        navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
      }));
      main.dataset.state = 'ready';
      return;
    }
    drawHeader(me);
    const route = routes.find((r) => r.pattern.test(path));
    if (!route) {
      replace(main, ...message('Not found', 'There is no page at this address.', { href: '/', label: 'Go to the overview' }));
      main.dataset.state = 'ready';
      return;
    }
    document.title = `${route.title} · Agency outcomes`;
    if (!mayOpen(me.role, path)) {
      replace(main, ...errorView(new ApiError(403, 'forbidden')));
      main.dataset.state = 'ready';
      return;
    }
    const match = route.pattern.exec(path)!;
    const params = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(match[i + 1])]));
    const deferred: Promise<unknown>[] = [];
    const ctx: PageContext = {
      me, query: new URLSearchParams(location.search), params, navigate,
      filters: getJson<Filters>('/api/filters'), health: getJson<Health>('/api/health'),
      defer: (work) => void deferred.push(work),
    };
    // The server's threshold for small cells, so "fewer than N" says its N (asked once: the answer is kept).
    useSmallCellThreshold(await ctx.health.then((health) => health.suppressBelow ?? SMALL_BELOW, () => SMALL_BELOW));
    // A filter edit keeps the current view, and focus on its control, until the next view is ready.
    if (moveFocus && !keepFocus) replace(main, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
    const nodes = await route.page(ctx);
    if (ticket !== renderCount) return;
    // The control focused now (the user may have moved on while the view loaded) gets focus back in the new view.
    if (keepFocus && main.contains(document.activeElement)) keptId = document.activeElement!.id;
    replace(main, ...nodes);
    drawPending();
    // At once when the control is already drawn, so keys pressed while the figures load are not lost.
    if (keptId && document.getElementById(keptId)) focusView(keptId);
    await Promise.all(deferred);
  } catch (error) {
    if (ticket !== renderCount) return;
    if (error instanceof ApiError && error.status === 401) {
      me = null;
      signInNote = /expired/.test(error.message) ? expiredNote : '';
      history.replaceState(null, '', `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`);
      return render(moveFocus);
    }
    replace(main, ...errorView(error));
  }
  if (ticket !== renderCount) return;
  main.dataset.state = 'ready';
  if (moveFocus && !(keptId && main.contains(document.activeElement))) focusView(keptId);
}

// Internal links change the view without reloading the page.
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a[data-nav]') as HTMLAnchorElement | null;
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (link.origin !== location.origin) return;
  event.preventDefault();
  navigate(link.pathname + link.search);
});
window.addEventListener('popstate', () => void render(true));
// Asked alongside the session on the first load, so the first page need not wait for it (the answer is kept).
getJson<Health>('/api/health').catch(() => undefined);
void render(false);
