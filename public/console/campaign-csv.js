import { loadVendorScript } from './dom.js';

/** Papa Parse, installed from npm and served by this service at /vendor/papaparse/. */
const loadParser = () =>
  loadVendorScript('/vendor/papaparse/papaparse.min.js', 'Papa', 'CSV parser');

export const CSV_COLUMNS =
  'driver_id,driver_name,phone_number,timezone,trip_id,type,description,custom_rules,language';

/**
 * Drivers from a CSV with a header row (CSV_COLUMNS; timezone, custom_rules and language may be
 * empty or missing; language is en or es, else the driver's on record): one row per violation or
 * reminder, rows of the same driver_id merged in order.
 */
export async function driversFromCsv(text) {
  const { drivers, problems } = await readCsv(text);
  if (problems.length) throw new Error(`CSV row ${problems[0].line}: ${problems[0].problem}`);
  return drivers;
}

const E164_ISH = /^\+?[\d\s().-]{7,20}$/;

/** What is wrong with one CSV row, in words (the server checks again). */
function rowProblems(row) {
  const problems = [];
  if (!(row.driver_id ?? '').trim()) problems.push('driver_id is empty');
  if (!(row.driver_name ?? '').trim()) problems.push('driver_name is empty');
  const phone = (row.phone_number ?? '').trim();
  if (!E164_ISH.test(phone) || phone.replace(/\D/g, '').length < 10)
    problems.push(`phone_number "${phone}" is not a phone number`);
  if (!(row.trip_id ?? '').trim()) problems.push('trip_id is empty');
  const type = (row.type ?? '').trim().toLowerCase();
  if (type !== 'violation' && type !== 'reminder')
    problems.push(`type must be violation or reminder, not "${type}"`);
  if (!(row.description ?? '').trim()) problems.push('description is empty');
  const language = (row.language ?? '').trim().toLowerCase();
  if (language && language !== 'en' && language !== 'es')
    problems.push(`language must be en or es, not "${language}"`);
  return problems;
}

/**
 * The drivers of a CSV, and every row's problems (`line` counts the header as 1), so a preview
 * can show them all before anything is dialled.
 */
export async function readCsv(text) {
  const Papa = await loadParser();
  const { data, errors } = Papa.parse(text.trim(), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (header) => header.trim().toLowerCase(),
  });
  const problems = errors.map((error) => ({ line: error.row + 2, problem: error.message }));
  const drivers = new Map();
  data.forEach((row, index) => {
    const line = index + 2;
    for (const problem of rowProblems(row)) problems.push({ line, problem });
    const driverId = (row.driver_id ?? '').trim();
    if (!driverId) return;
    let driver = drivers.get(driverId);
    if (!driver) {
      driver = {
        driverId,
        driverName: (row.driver_name ?? '').trim(),
        phoneNumber: (row.phone_number ?? '').trim(),
        ...(row.timezone?.trim() ? { timezone: row.timezone.trim() } : {}),
        ...(row.custom_rules?.trim() ? { customRules: row.custom_rules.trim() } : {}),
        ...(row.language?.trim() ? { language: row.language.trim().toLowerCase() } : {}),
        violations: { tripId: (row.trip_id ?? '').trim(), violationDetails: [] },
      };
      drivers.set(driverId, driver);
    }
    driver.violations.violationDetails.push({
      type: (row.type ?? '').trim().toLowerCase(),
      description: (row.description ?? '').trim(),
    });
  });
  problems.sort((a, b) => a.line - b.line);
  return { drivers: [...drivers.values()], problems };
}
