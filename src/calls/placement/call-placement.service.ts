import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '../../audit/actor.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { AppConfig } from '../../config/app-config.js';
import { ElevenLabsClient } from '../../elevenlabs/elevenlabs.client.js';
import { ElevenLabsError } from '../../elevenlabs/elevenlabs.error.js';
import type { OutboundCallRequest } from '../../elevenlabs/elevenlabs.types.js';
import { CALL_DIALED, CALL_STATUS_CHANGED } from '../../events/domain-events.js';
import { EventBus } from '../../events/event-bus.js';
import { callStatusChanged } from '../messages/call-events.js';
import { CallsException } from '../calls.exception.js';
import { CallsRepository } from '../record/calls.repository.js';
import { dialAnswerMs } from './dial-answer.js';
import { DriverOptOutsRepository } from '../../drivers/driver-opt-outs.repository.js';
import type { PlaceCallDto, PlaceCallResponseDto } from '../dto/place-call.dto.js';
import { CallStatus } from '../record/call-status.js';
import type { Call } from '../record/call.entity.js';
import type { DriverOptOut } from '../../drivers/entities/driver-opt-out.entity.js';
import { maskPhone, toE164 } from '../../drivers/phone-number.js';
import { buildFirstMessage, buildPrompt } from './prompt-builder.js';

export interface PlaceOptions {
  /** A follow-up call takes these open items of an earlier call over. */
  supersedes?: { callId: number; callSid: string; items: number[] };
  /** The call is an attempt of this campaign (its internal and public ids). */
  campaign?: { id: number; campaignId: string };
}

/** The 409 for a driver, or a number, that asked not to be called. */
function optedOutException(
  driverId: string,
  phoneNumber: string,
  optOut: DriverOptOut,
): CallsException {
  const when = `on ${optOut.changedAt.toISOString()}${optOut.reason ? ` (${optOut.reason})` : ''}`;
  const who =
    optOut.driverId === driverId
      ? `Driver ${driverId} opted out of calls ${when}`
      : `The number ${maskPhone(phoneNumber)} opted out of calls as driver ${optOut.driverId} ${when}`;
  return new CallsException(
    'DRIVER_OPTED_OUT',
    `${who}; PUT /drivers/${optOut.driverId}/opt-out with opted_out false to call them again`,
  );
}

/** Part 1: records the call, then asks ElevenLabs to dial the first driver. */
@Injectable()
export class CallPlacementService {
  private readonly logger = new Logger('CallPlacement');

  constructor(
    private readonly calls: CallsRepository,
    private readonly optOuts: DriverOptOutsRepository,
    private readonly elevenLabs: ElevenLabsClient,
    private readonly events: EventBus,
    private readonly config: AppConfig,
    private readonly audit: AuditTrail,
  ) {}

  /** `actor` placed it: a signed-in user, or the campaign scheduler. */
  async place(
    request: PlaceCallDto,
    actor: Actor,
    options: PlaceOptions = {},
  ): Promise<PlaceCallResponseDto> {
    const driver = request.drivers[0]!;
    const phoneNumber = toE164(driver.phoneNumber);
    if (!phoneNumber) {
      throw new CallsException(
        'INVALID_PHONE_NUMBER',
        'drivers.0.phoneNumber must be a valid phone number',
      );
    }
    const optOut = await this.optOuts.forbidding({ driverId: driver.driverId, phoneNumber });
    if (optOut) throw optedOutException(driver.driverId, phoneNumber, optOut);
    const callSid = `EL_${driver.driverId}_${request.timestamp}`;
    const claim = await this.calls.claimForDialing(
      {
        callSid,
        driverId: driver.driverId,
        driverName: driver.driverName,
        phoneNumber,
        callType: request.callType,
        tripId: driver.violations.tripId,
        violations: driver.violations.violationDetails.map(({ type, description }) => ({
          type,
          description,
        })),
        customRules: driver.customRules ?? null,
        requestTimestamp: request.timestamp,
        initiatedBy: actor.id ?? actor.name,
        supersedes: options.supersedes && {
          callId: options.supersedes.callId,
          items: options.supersedes.items,
        },
        campaignId: options.campaign?.id,
      },
      this.config.calls.maxDurationSeconds,
    );
    const respond = (call: Call) =>
      this.response(request.timestamp, { ...driver, phoneNumber }, call);
    switch (claim.kind) {
      case 'busy':
        throw new CallsException(
          'DRIVER_BUSY',
          `Driver ${driver.driverId} is already on call ${claim.activeCall.callSid} (in progress since ${claim.activeCall.callStartTime.toISOString()})`,
        );
      case 'existing':
        return respond(claim.call);
      case 'pending':
        return respond(await this.awaitOtherAttempt(claim.call));
      case 'dial':
        return respond(
          await this.dialAudited(claim.call, { ...driver, phoneNumber }, actor, options),
        );
    }
  }

  /** Dials, and records who placed the call (one entry per call record: retries replay it). */
  private async dialAudited(
    call: Call,
    driver: { driverName: string; phoneNumber: string },
    actor: Actor,
    options: PlaceOptions,
  ): Promise<Call> {
    let outcome = 'failed';
    try {
      const dialed = await this.dial(call, driver.driverName, driver.phoneNumber);
      outcome = 'dialed';
      return dialed;
    } finally {
      await this.audit.record(actor, {
        action: options.supersedes ? 'follow_up.placed' : 'call.placed',
        target: call.callSid,
        detail: {
          driver_id: call.driverId,
          phone: maskPhone(driver.phoneNumber),
          outcome,
          ...(options.campaign ? { campaign_id: options.campaign.campaignId } : {}),
          ...(options.supersedes ? { follow_up_of: options.supersedes.callSid } : {}),
        },
      });
    }
  }

  private async dial(call: Call, driverName: string, phoneNumber: string): Promise<Call> {
    const outbound: OutboundCallRequest = {
      agent_id: this.config.elevenLabs.agentId,
      agent_phone_number_id: this.config.elevenLabs.agentPhoneNumberId,
      to_number: phoneNumber,
      conversation_initiation_client_data: {
        conversation_config_override: {
          agent: {
            prompt: {
              prompt: buildPrompt({
                driverName,
                tripId: call.tripId,
                details: call.violations,
                customRules: call.customRules,
              }),
            },
            first_message: buildFirstMessage(driverName, call.tripId),
            language: 'en',
          },
        },
        dynamic_variables: {
          call_sid: call.callSid,
          driver_id: call.driverId,
          driver_name: driverName,
          trip_id: call.tripId,
          call_type: call.callType,
          triggers_count: call.violations.length,
        },
        user_id: call.driverId,
      },
    };
    try {
      const answer = await this.elevenLabs.createOutboundCall(outbound);
      this.logger.log(
        `Call ${call.callSid} placed to ${maskPhone(phoneNumber)} as ${answer.conversation_id}`,
      );
      const dialed = await this.calls.markDialed(
        call.id,
        answer.conversation_id!,
        answer.callSid ?? null,
      );
      if (dialed.conversationId === answer.conversation_id) {
        this.events.emit(CALL_DIALED, {
          callId: dialed.id,
          callSid: dialed.callSid,
          conversationId: answer.conversation_id!,
          twilioCallSid: dialed.twilioCallSid,
        });
      }
      return dialed;
    } catch (error) {
      if (!(error instanceof ElevenLabsError)) throw error;
      this.logger.warn(
        `Call ${call.callSid} to ${maskPhone(phoneNumber)} failed to start: ${error.reason}`,
      );
      const failed = await this.calls.markDialFailed(
        call.id,
        error.reason,
        error.rateLimited ? 'rate-limited' : 'dial-error',
      );
      if (failed) this.events.emit(CALL_STATUS_CHANGED, callStatusChanged(failed));
      throw new CallsException(
        error.rateLimited ? 'ELEVENLABS_AT_CAPACITY' : 'ELEVENLABS_UNAVAILABLE',
        `Failed to initiate ElevenLabs call: ${error.reason}`,
      );
    }
  }

  /** An identical request is dialing right now: answer with its outcome instead of dialing again. */
  private async awaitOtherAttempt(call: Call): Promise<Call> {
    const deadline = Date.now() + dialAnswerMs(this.config.elevenLabs);
    let current: Call | null = call;
    while (current && current.status === CallStatus.IN_PROGRESS && !current.conversationId) {
      if (Date.now() > deadline) {
        throw new CallsException(
          'CALL_BEING_PLACED',
          `Call ${call.callSid} is still being placed; retry shortly`,
        );
      }
      await sleep(50);
      current = await this.calls.findById(call.id);
    }
    if (!current) throw new Error(`Call ${call.callSid} disappeared`);
    if (current.status === CallStatus.FAILED && !current.conversationId) {
      throw new CallsException(
        'ELEVENLABS_UNAVAILABLE',
        `Failed to initiate ElevenLabs call: ${current.failureReason ?? 'unknown error'}`,
      );
    }
    return current;
  }

  private response(
    timestamp: string,
    driver: { driverId: string; driverName: string; phoneNumber: string },
    call: Call,
  ): PlaceCallResponseDto {
    return {
      message: 'Call initiated successfully via ElevenLabs',
      timestamp,
      driver: {
        driverId: driver.driverId,
        driverName: driver.driverName,
        phoneNumber: driver.phoneNumber,
      },
      call_sid: call.callSid,
      conversation_id: call.conversationId,
      callSid: call.twilioCallSid,
      triggers_count: call.violations.length,
    };
  }
}
