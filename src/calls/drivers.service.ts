import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DriverWithCallsDto } from './dto/driver-calls.dto.js';
import { Call } from './entities/call.entity.js';
import { Driver } from './entities/driver.entity.js';

@Injectable()
export class DriversService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async withCalls(driverId: string, limit: number): Promise<DriverWithCallsDto> {
    const driver = await this.dataSource.getRepository(Driver).findOneBy({ driverId });
    if (!driver) throw new NotFoundException({ detail: `Driver ${driverId} not found` });
    const calls = await this.dataSource.getRepository(Call).find({
      select: {
        callSid: true,
        conversationId: true,
        status: true,
        callStartTime: true,
        callEndTime: true,
        callDurationSeconds: true,
        transcriptSummary: true,
      },
      where: { driverId },
      order: { callStartTime: 'DESC', id: 'DESC' },
      take: limit,
    });
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
