import { api } from './api.js';
import { formatTime, h, toast } from './dom.js';

/**
 * Every alert nobody acknowledged yet (an emergency transfer that failed), above every page of
 * every signed-in console until someone acknowledges it.
 */
export function showAlerts(region, feed) {
  const render = () => {
    const alerts = [...feed.alerts.values()].sort((a, b) =>
      b.created_at.localeCompare(a.created_at),
    );
    region.hidden = alerts.length === 0;
    region.replaceChildren(...alerts.map((alert) => alertCard(alert, feed)));
  };
  feed.addEventListener('alerts', render);
  render();
}

function alertCard(alert, feed) {
  const who = alert.driver_name
    ? `${alert.driver_name} (${alert.driver_id})`
    : (alert.driver_id ?? 'An unknown caller');
  const acknowledge = h('button', { type: 'button' }, 'Acknowledge');
  acknowledge.addEventListener('click', async () => {
    acknowledge.disabled = true;
    try {
      await api('POST', `/dispatcher-alerts/${alert.id}/acknowledge`);
      feed.alerts.delete(alert.id);
      feed.dispatchEvent(new CustomEvent('alerts'));
    } catch (error) {
      acknowledge.disabled = false;
      toast(error.message);
    }
  });
  return h(
    'section',
    { class: 'alert-card', 'aria-label': `Emergency alert for ${who}` },
    h(
      'p',
      {},
      h('strong', {}, 'Emergency, nobody reached: '),
      `${who} reported: ${alert.reason ?? 'an emergency'}. The transfer failed at ${formatTime(alert.created_at)}.`,
    ),
    alert.phone_number
      ? h('a', { href: `tel:${alert.phone_number}` }, `Call ${alert.phone_number}`)
      : null,
    h('a', { href: `#/calls/${encodeURIComponent(alert.call_sid)}` }, 'Open the call'),
    acknowledge,
  );
}
