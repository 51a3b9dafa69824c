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
  const Papa = await loadParser();
  const { data, errors } = Papa.parse(text.trim(), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (header) => header.trim().toLowerCase(),
  });
  if (errors.length) throw new Error(`CSV row ${errors[0].row + 2}: ${errors[0].message}`);
  const drivers = new Map();
  data.forEach((row, index) => {
    const driverId = (row.driver_id ?? '').trim();
    if (!driverId) throw new Error(`CSV row ${index + 2}: driver_id is empty`);
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
  return [...drivers.values()];
}
