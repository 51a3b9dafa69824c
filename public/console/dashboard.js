import { api } from './api.js';
import { h, loadVendorScript } from './dom.js';

const OUTCOME_COLOURS = {
  resolved: '#1b7f3b',
  will_fix: '#2f6fb3',
  acknowledged: '#5b8f29',
  disputed: '#b3261e',
  not_discussed: '#8a6d00',
  unknown: '#6b6b6b',
};

/** Chart.js, installed from npm and served by this service at /vendor/chart.js/. */
const loadCharts = () =>
  loadVendorScript('/vendor/chart.js/chart.umd.min.js', 'Chart', 'chart library');

const money = (value) =>
  value === null || value === undefined ? '—' : `$${Number(value).toFixed(2)}`;
const percent = (value) =>
  value === null || value === undefined ? '—' : `${Math.round(value * 100)}%`;

/** A chart with its numbers in a table for screen readers and keyboard users. */
function chartFigure(id, title, rows) {
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', {}, title),
    h('canvas', {
      id,
      role: 'img',
      'aria-label': `${title}: ${rows.map(([label, value]) => `${label} ${value}`).join(', ') || 'no data'}`,
    }),
    h(
      'details',
      {},
      h('summary', {}, 'Numbers'),
      h(
        'table',
        {},
        h(
          'tbody',
          {},
          ...rows.map(([label, value]) =>
            h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, String(value))),
          ),
        ),
      ),
    ),
  );
}

/** The fleet at a glance: answer rate, outcomes, cost, and their days. */
export async function renderDashboard(main, isCurrent) {
  main.replaceChildren(h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  let summary;
  let Chart;
  try {
    [summary, Chart] = await Promise.all([api('GET', '/analytics/summary'), loadCharts()]);
  } catch (failure) {
    if (isCurrent())
      main.replaceChildren(h('p', { class: 'error', role: 'alert' }, failure.message));
    return;
  }
  if (!isCurrent()) return;
  const outcomes = Object.entries(summary.items.by_outcome).filter(([, count]) => count > 0);
  const facts = [
    ['Calls', summary.calls.total],
    ['Answer rate', percent(summary.answer_rate)],
    ['Items', summary.items.total],
    ['Median minutes to a commitment', summary.median_minutes_to_commitment ?? '—'],
    ['Cost', money(summary.cost.total)],
    ['Per call', money(summary.cost.per_call)],
    ['Per resolved item', money(summary.cost.per_resolved_item)],
  ];
  main.replaceChildren(
    h(
      'section',
      { 'aria-labelledby': 'dashboard-title' },
      h('h2', { id: 'dashboard-title' }, 'Dashboard'),
      h(
        'dl',
        { class: 'facts stats' },
        ...facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, String(value))]),
      ),
      h(
        'div',
        { class: 'charts' },
        chartFigure('chart-outcomes', 'Items by outcome', outcomes),
        chartFigure(
          'chart-calls',
          'Calls per day',
          summary.per_day.map((day) => [day.day, day.calls]),
        ),
        chartFigure(
          'chart-cost',
          'Cost per day (USD)',
          summary.per_day.map((day) => [day.day, day.cost.toFixed(2)]),
        ),
      ),
    ),
  );
  const days = summary.per_day.map((day) => day.day);
  // A fresh options object per chart: Chart.js keeps (and fills in) the one it is given.
  const draw = (id, type, labels, datasets) =>
    new Chart(document.getElementById(id), {
      type,
      data: { labels, datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false },
    });
  draw(
    'chart-outcomes',
    'doughnut',
    outcomes.map(([outcome]) => outcome.replace('_', ' ')),
    [
      {
        data: outcomes.map(([, count]) => count),
        backgroundColor: outcomes.map(([outcome]) => OUTCOME_COLOURS[outcome]),
      },
    ],
  );
  draw('chart-calls', 'bar', days, [
    { label: 'Calls', data: summary.per_day.map((day) => day.calls), backgroundColor: '#2f6fb3' },
    {
      label: 'Answered',
      data: summary.per_day.map((day) => day.answered),
      backgroundColor: '#1b7f3b',
    },
  ]);
  draw('chart-cost', 'line', days, [
    { label: 'Cost (USD)', data: summary.per_day.map((day) => day.cost), borderColor: '#8a6d00' },
  ]);
}
