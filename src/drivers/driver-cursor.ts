import { DriversException } from './drivers.exception.js';

/** A page boundary of the driver list (name, id), opaque to clients. */
export function driverCursor(driver: { driverName: string; driverId: string }): string {
  return Buffer.from(JSON.stringify([driver.driverName, driver.driverId])).toString('base64url');
}

export function driverCursorPosition(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof id === 'string') return { name, id };
  } catch {
    // not ours
  }
  throw new DriversException('INVALID_CURSOR', 'cursor is not one this API issued');
}
