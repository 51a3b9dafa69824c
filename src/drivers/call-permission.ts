import { Injectable } from '@nestjs/common';
import { DriverOptOutsRepository } from './driver-opt-outs.repository.js';
import { DriversException } from './drivers.exception.js';
import type { DriverOptOut } from './entities/driver-opt-out.entity.js';
import { maskPhone } from './phone-number.js';

/** The 409 for a driver, or a number, that asked not to be called. */
function optedOutException(
  driverId: string,
  phoneNumber: string,
  optOut: DriverOptOut,
): DriversException {
  const when = `on ${optOut.changedAt.toISOString().slice(0, 10)}${optOut.reason ? ` (${optOut.reason})` : ''}`;
  const who =
    optOut.driverId === driverId
      ? `Driver ${driverId} opted out of calls ${when}`
      : `The number ${maskPhone(phoneNumber)} opted out of calls as driver ${optOut.driverId} ${when}`;
  return new DriversException(
    'DRIVER_OPTED_OUT',
    `${who}, so they are not called. Only an admin can allow calls again, from driver ${optOut.driverId}'s page.`,
  );
}

/** Whether we may phone this driver on this number (an opt-out follows both). */
@Injectable()
export class CallPermission {
  constructor(private readonly optOuts: DriverOptOutsRepository) {}

  /** Throws DRIVER_OPTED_OUT when the driver, or whoever had the number, opted out. */
  async assertMayCall(driverId: string, phoneNumber: string): Promise<void> {
    const optOut = await this.optOuts.forbidding({ driverId, phoneNumber });
    if (optOut) throw optedOutException(driverId, phoneNumber, optOut);
  }
}
