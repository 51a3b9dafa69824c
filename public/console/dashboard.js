import { api } from './api.js';
import { h, loadVendorScript, localMidnight } from './dom.js';

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

/** Minutes as a dispatcher says them: "8 s", "4 min", "1 h 5 min". */
export function minutesInWords(minutes) {
  if (minutes === null || minutes === undefined) return '—';
  const seconds = Math.round(minutes * 60);
  if (seconds < 60) return `${seconds} s`;
  const wholeMinutes = Math.round(seconds / 60);
  if (wholeMinutes < 60) return `${wholeMinutes} min`;
  const hours = Math.floor(wholeMinutes / 60);
  return wholeMinutes % 60 ? `${hours} h ${wholeMinutes % 60} min` : `${hours} h`;
}

function dashboardFilters() {
  const field = (id, label, attributes) =>
    h('div', {}, h('label', { for: id }, label), h('input', { id, ...attributes }));
  return h(
    'form',
    { class: 'filters', 'aria-label': 'Filter the dashboard' },
    field('dashboard-from', 'From', { name: 'from', type: 'date' }),
    field('dashboard-to', 'To', { name: 'to', type: 'date' }),
    field('dashboard-driver', 'Driver ID', { name: 'driverId' }),
    h('div', {}, h('button', { type: 'submit' }, 'Apply')),
  );
}

function queryOf(filters) {
  const form = new FormData(filters);
  const query = new URLSearchParams();
  if (form.get('from')) query.set('from', localMidnight(String(form.get('from'))).toISOString());
  if (form.get('to')) query.set('to', localMidnight(String(form.get('to')), 1).toISOString());
  if (String(form.get('driverId') ?? '').trim())
    query.set('driverId', String(form.get('driverId')).trim());
  return query;
}

/** The fleet at a glance: answer rate, outcomes, transfers, cost, and their days; filterable. */
export function renderDashboard(main, isCurrent) {
  const filters = dashboardFilters();
  const results = h('div', { 'aria-live': 'polite' });
  const charts = [];
  const load = async () => {
    results.replaceChildren(h('p', { class: 'muted', role: 'status' }, 'Loading…'));
    let summary;
    let Chart;
    try {
      [summary, Chart] = await Promise.all([
        api('GET', `/analytics/summary?${queryOf(filters)}`),
        loadCharts(),
      ]);
    } catch (failure) {
      if (isCurrent())
        results.replaceChildren(h('p', { class: 'error', role: 'alert' }, failure.message));
      return;
    }
    if (!isCurrent()) return;
    while (charts.length) charts.pop().destroy();
    showSummary(results, summary, Chart, charts);
  };
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  main.replaceChildren(
    h(
      'section',
      { 'aria-labelledby': 'dashboard-title' },
      h('h2', { id: 'dashboard-title' }, 'Dashboard'),
      filters,
      results,
    ),
  );
  void load();
}

function showSummary(results, summary, Chart, charts) {
  const outcomes = Object.entries(summary.items.by_outcome).filter(([, count]) => count > 0);
  const facts = [
    ['Calls', summary.calls.total],
    ['Answer rate', percent(summary.answer_rate)],
    ['Items', summary.items.total],
    ['Median time to a commitment', minutesInWords(summary.median_minutes_to_commitment)],
    [
      'Transfers to a person',
      `${summary.transfers.total} (${summary.transfers.succeeded} connected, ${summary.transfers.failed} failed; ${percent(summary.transfer_rate)} of answered calls)`,
    ],
    ['Cost', money(summary.cost.total)],
    ['Per call', money(summary.cost.per_call)],
    ['Per resolved item', money(summary.cost.per_resolved_item)],
  ];
  results.replaceChildren(
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
  );
  const days = summary.per_day.map((day) => day.day);
  // A fresh options object per chart: Chart.js keeps (and fills in) the one it is given.
  const draw = (id, type, labels, datasets, scales) =>
    charts.push(
      new Chart(document.getElementById(id), {
        type,
        data: { labels, datasets },
        options: { responsive: true, maintainAspectRatio: false, animation: false, scales },
      }),
    );
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
  // Counts have whole-number ticks; costs start at zero, so one day is a readable bar.
  draw(
    'chart-calls',
    'bar',
    days,
    [
      { label: 'Calls', data: summary.per_day.map((day) => day.calls), backgroundColor: '#2f6fb3' },
      {
        label: 'Answered',
        data: summary.per_day.map((day) => day.answered),
        backgroundColor: '#1b7f3b',
      },
    ],
    { y: { beginAtZero: true, ticks: { precision: 0 } } },
  );
  draw(
    'chart-cost',
    'bar',
    days,
    [
      {
        label: 'Cost (USD)',
        data: summary.per_day.map((day) => day.cost),
        backgroundColor: '#8a6d00',
      },
    ],
    { y: { beginAtZero: true, ticks: { callback: (value) => `$${Number(value).toFixed(2)}` } } },
  );
}
