import { Injectable } from '@nestjs/common';
import { DriversException } from '../../drivers/drivers.exception.js';
import { DriversRepository } from '../../drivers/drivers.repository.js';
import { CallsRepository } from './calls.repository.js';
import type { DriverWithCallsDto } from '../dto/driver-calls.dto.js';

/** A driver with their latest calls (GET /driver_data/{driver_id}). */
@Injectable()
export class DriverCallsService {
  constructor(
    private readonly drivers: DriversRepository,
    private readonly calls: CallsRepository,
  ) {}

  async withCalls(driverId: string, limit: number): Promise<DriverWithCallsDto> {
    const driver = await this.drivers.findById(driverId);
    if (!driver) throw new DriversException('DRIVER_NOT_FOUND', `Driver ${driverId} not found`);
    const calls = await this.calls.latestCallsOf(driverId, limit);
    return {
      driverId: driver.driverId,
      driverName: driver.driverName,
      phoneNumber: driver.phoneNumber,
      calls: calls.map((call) => ({
        call_sid: call.callSid,
        conversation_id: call.conversationId,
        status: call.status,
        call_start_time: call.callStartTime.toISOString(),
        call_end_time: call.callEndTime?.toISOString() ?? null,
        call_duration_seconds: call.callDurationSeconds,
        transcript_summary: call.transcriptSummary,
      })),
    };
  }
}
