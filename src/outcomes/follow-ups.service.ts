import { Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { CallItemsRepository } from '../calls/items/call-items.repository.js';
import { CallLookupService } from '../calls/record/call-lookup.service.js';
import { CallPlacementService } from '../calls/placement/call-placement.service.js';
import type { PlaceCallResponseDto } from '../calls/dto/place-call.dto.js';
import { placeCallResponse } from '../calls/dto/place-call.mapping.js';
import { DriversRepository } from '../drivers/drivers.repository.js';
import { cursorPosition, keysetPage } from '../common/keyset-cursor.js';
import type { FollowUpPageDto, FollowUpQueryDto } from './dto/follow-up.dto.js';
import { OutcomesException } from './outcomes.exception.js';

/** A call_sid's timestamp: seconds, like the contract's examples. */
const nowStamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The review queue, and closing the loop with another call. */
@Injectable()
export class FollowUpsService {
  constructor(
    private readonly items: CallItemsRepository,
    private readonly drivers: DriversRepository,
    private readonly lookup: CallLookupService,
    private readonly placement: CallPlacementService,
  ) {}

  async queue(query: FollowUpQueryDto): Promise<FollowUpPageDto> {
    const limit = query.limit ?? 50;
    const before = cursorPosition(query.cursor);
    const rows = await this.items.followUps({
      driverId: query.driverId,
      reason: query.reason,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      before,
      limit,
    });
    const { page, nextCursor } = keysetPage(rows, limit, (row) => ({
      at: new Date(row.since),
      id: row.id,
    }));
    return {
      follow_ups: page.map(({ id: _id, since, call_back_at, ...row }) => ({
        ...row,
        since: new Date(since).toISOString(),
        call_back_at: call_back_at ? new Date(call_back_at).toISOString() : null,
      })),
      next_cursor: nextCursor,
    };
  }

  /**
   * Phones the same driver again about the call's open items only (the Part 1 path and answer);
   * those items leave the queue, taken over by the new call's.
   */
  async callAgain(identifier: string, actor: Actor): Promise<PlaceCallResponseDto> {
    const call = await this.lookup.get(identifier);
    const open = await this.items.openItemsOf(call.id);
    if (open.length === 0)
      throw new OutcomesException(
        'NOTHING_OPEN',
        `Every item of call ${call.callSid} is resolved, acknowledged or already followed up`,
      );
    if (!call.driverId)
      throw new OutcomesException(
        'NOTHING_OPEN',
        `Call ${call.callSid} came from a number no driver has: there is nobody to call again`,
      );
    const driver = (await this.drivers.findById(call.driverId))!;
    const placed = await this.placement.place(
      {
        driver: {
          driverId: driver.driverId,
          driverName: driver.driverName,
          phoneNumber: driver.phoneNumber,
        },
        tripId: call.tripId,
        items: open.map(({ type, description }) => ({ type, description })),
        callType: call.callType,
        customRules: call.customRules,
        requestedAt: nowStamp(),
        origin: {
          kind: 'follow_up',
          of: { callId: call.id, callSid: call.callSid, items: open.map((item) => item.item) },
        },
      },
      actor,
    );
    return placeCallResponse(placed);
  }
}
