import { renderAccount } from './account.js';
import { showAlerts } from './alerts.js';
import { api, session } from './api.js';
import { renderAudit } from './audit.js';
import { renderCallDetail } from './call-detail.js';
import { renderCampaign, renderCampaigns } from './campaigns.js';
import { h } from './dom.js';
import { renderDashboard } from './dashboard.js';
import { renderDriver } from './driver.js';
import { renderDrivers } from './drivers.js';
import { renderFollowUps } from './follow-ups.js';
import { renderHistory } from './history.js';
import { renderLive } from './live.js';
import { LiveFeed } from './live-feed.js';
import { renderPlaceCall } from './place-call.js';
import { renderSignIn } from './sign-in.js';
import { renderUsers, signedInRole } from './users.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const liveCount = document.getElementById('live-count');
const feed = new LiveFeed();
let teardown = () => undefined;
/** Each route() starts a new view; a view's late answers are dropped once the user moved on. */
let viewCount = 0;

/** The team's calls in progress, on the nav link. */
function updateCount() {
  liveCount.textContent = feed.board.size ? String(feed.board.size) : '';
}
feed.addEventListener('board', updateCount);
showAlerts(document.getElementById('alerts'), feed);

function route() {
  teardown();
  teardown = () => undefined;
  const view = ++viewCount;
  const isCurrent = () => view === viewCount;
  if (!session.token) {
    nav.hidden = true;
    renderSignIn(main, () => {
      feed.start();
      location.hash = '#/place';
      route();
    });
    return;
  }
  nav.hidden = false;
  const admin = signedInRole() === 'admin';
  for (const link of nav.querySelectorAll('[data-admin-only]')) link.hidden = !admin;
  feed.start();
  const hash = location.hash || '#/place';
  for (const link of nav.querySelectorAll('a'))
    link.setAttribute(
      'aria-current',
      hash.startsWith(link.getAttribute('href')) ? 'page' : 'false',
    );
  if (hash.startsWith('#/drivers/'))
    teardown = renderDriver(
      main,
      decodeURIComponent(hash.slice('#/drivers/'.length)),
      feed,
      isCurrent,
    );
  else if (hash === '#/drivers') renderDrivers(main, isCurrent);
  else if (hash.startsWith('#/calls/'))
    void renderCallDetail(main, decodeURIComponent(hash.slice('#/calls/'.length)), feed, isCurrent);
  else if (hash.startsWith('#/campaigns/'))
    teardown = renderCampaign(
      main,
      decodeURIComponent(hash.slice('#/campaigns/'.length)),
      isCurrent,
    );
  else if (hash === '#/campaigns') renderCampaigns(main, isCurrent);
  else if (hash === '#/live') teardown = renderLive(main, feed);
  else if (hash === '#/history') renderHistory(main, isCurrent);
  else if (hash === '#/follow-ups') renderFollowUps(main, isCurrent);
  else if (hash === '#/dashboard') renderDashboard(main, isCurrent);
  else if (hash === '#/users') renderUsers(main, isCurrent);
  else if (hash === '#/audit') renderAudit(main, isCurrent);
  else if (hash === '#/account') renderAccount(main, isCurrent);
  else renderPlaceCall(main, feed, () => (location.hash = '#/live'));
  updateCount();
}

const BANNER_KEY = 'dispatch-voice-simulator-banner';

/** A one-line notice that calls are simulated; the test numbers behind a disclosure; closable. */
async function showSimulatorBanner() {
  try {
    const settings = await api('GET', '/console/settings');
    if (!settings.simulator || sessionStorage.getItem(BANNER_KEY) === 'closed') return;
    const banner = document.getElementById('simulator-banner');
    const close = h(
      'button',
      {
        type: 'button',
        class: 'link-button banner-close',
        'aria-label': 'Hide the simulator notice',
      },
      'Hide',
    );
    close.addEventListener('click', () => {
      sessionStorage.setItem(BANNER_KEY, 'closed');
      banner.hidden = true;
    });
    banner.replaceChildren(
      h(
        'details',
        {},
        h(
          'summary',
          {},
          h('strong', {}, 'Simulator active: '),
          'no real phone calls are made. Test numbers…',
        ),
        h('p', {}, 'Any other valid number gets a normal call. These numbers behave on purpose:'),
        h(
          'ul',
          {},
          ...settings.test_numbers.map((entry) =>
            h('li', {}, h('code', {}, entry.number), ` ${entry.description}`),
          ),
        ),
      ),
      close,
    );
    banner.hidden = false;
  } catch {
    // The console works without the banner.
  }
}

window.addEventListener('signed-out', (event) => {
  feed.stop();
  session.token = null;
  nav.hidden = true;
  renderSignIn(
    main,
    () => {
      feed.start();
      location.hash = '#/place';
      route();
    },
    event.detail ? `Signed out: ${event.detail}` : undefined,
  );
});
document.getElementById('sign-out').addEventListener('click', () => {
  feed.stop();
  session.token = null;
  route();
});
// A follow-up call was placed from a page: watch it live.
window.addEventListener('watch-call', (event) => {
  feed.watch(event.detail);
  location.hash = '#/live';
});
window.addEventListener('hashchange', route);
void showSimulatorBanner();
route();
