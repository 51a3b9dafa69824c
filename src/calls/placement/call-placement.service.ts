import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '../../audit/actor.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { AppConfig } from '../../config/app-config.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { CallPermission } from '../../drivers/call-permission.js';
import { DriversRepository } from '../../drivers/drivers.repository.js';
import { maskPhone, toE164 } from '../../drivers/phone-number.js';
import { ElevenLabsClient } from '../../elevenlabs/elevenlabs.client.js';
import { ElevenLabsError } from '../../elevenlabs/elevenlabs.error.js';
import { callLanguageOf } from '../../drivers/call-language.js';
import { CallbackNumber } from '../../elevenlabs/agent/callback-number.js';
import { RecordingNotice } from '../../elevenlabs/agent/recording-notice.js';
import { EscalationRouting } from '../../escalation/escalation-routing.js';
import { CALL_DIALED, CALL_STARTED, CALL_STATUS_CHANGED } from '../../events/domain-events.js';
import { callStartedMessage } from '../messages/call-messages.js';
import { EventBus } from '../../events/event-bus.js';
import { CallsException } from '../calls.exception.js';
import { callStatusChanged } from '../messages/call-events.js';
import { CallStatus } from '../record/call-status.js';
import type { Call } from '../record/call.entity.js';
import { CallsRepository } from '../record/calls.repository.js';
import { type CallAttempt, type CallOrigin, callSidFor } from './call-attempt.js';
import { dialAnswerMs } from './dial-answer.js';
import { DialClaimsRepository } from './dial-claims.repository.js';
import { outboundCallRequest } from './outbound-request.js';
import { buildFirstMessage, type CallerIdentity } from './prompt-builder.js';

/** The call an attempt became, and the driver as it was dialled (number in E.164). */
export interface PlacedCall {
  call: Call;
  driver: { driverId: string; driverName: string; phoneNumber: string };
}

type DialedDriver = PlacedCall['driver'];

/** Places every call (Part 1, campaigns, follow-ups): records it, then asks ElevenLabs to dial. */
@Injectable()
export class CallPlacementService {
  private readonly logger = new Logger('CallPlacement');

  constructor(
    private readonly calls: CallsRepository,
    private readonly claims: DialClaimsRepository,
    private readonly drivers: DriversRepository,
    private readonly permission: CallPermission,
    private readonly transactions: TransactionRunner,
    private readonly elevenLabs: ElevenLabsClient,
    private readonly events: EventBus,
    private readonly config: AppConfig,
    private readonly audit: AuditTrail,
    private readonly recording: RecordingNotice,
    private readonly callbackNumber: CallbackNumber,
    private readonly routing: EscalationRouting,
  ) {}

  /** `actor` placed it: a signed-in user, or the campaign scheduler on its creator's behalf. */
  async place(attempt: CallAttempt, actor: Actor): Promise<PlacedCall> {
    const phoneNumber = toE164(attempt.driver.phoneNumber);
    if (!phoneNumber) {
      throw new CallsException(
        'INVALID_PHONE_NUMBER',
        'drivers.0.phoneNumber must be a valid phone number',
      );
    }
    const driver: DialedDriver = { ...attempt.driver, phoneNumber };
    await this.permission.assertMayCall(driver.driverId, phoneNumber);
    const { origin } = attempt;
    const caller: CallerIdentity = {
      companyName: this.config.compliance.companyName,
      recordingNotice: this.recording.required,
      callbackNumber: this.callbackNumber.current(),
    };
    const claim = await this.transactions.run(async (tx) => {
      const onRecord = await this.drivers.record(tx, driver);
      const language = callLanguageOf(attempt.driver.language, onRecord);
      return this.claims.claim(
        tx,
        {
          callSid: callSidFor(driver.driverId, attempt.requestedAt),
          driverId: driver.driverId,
          callType: attempt.callType,
          tripId: attempt.tripId,
          violations: attempt.items.map(({ type, description }) => ({ type, description })),
          customRules: attempt.customRules,
          firstMessage: buildFirstMessage(driver.driverName, attempt.tripId, caller, language),
          language,
          requestTimestamp: attempt.requestedAt,
          initiatedBy: actor.id ?? actor.name,
          supersedes: origin.kind === 'follow_up' ? origin.of : undefined,
          campaignId: origin.kind === 'campaign' ? origin.campaignId : undefined,
        },
        this.config.calls.maxDurationSeconds,
      );
    });
    switch (claim.kind) {
      case 'busy':
        throw new CallsException(
          'DRIVER_BUSY',
          `Driver ${driver.driverId} is already on call ${claim.activeCall.callSid} (in progress since ${claim.activeCall.callStartTime.toISOString()})`,
        );
      case 'existing':
        return { call: claim.call, driver };
      case 'pending':
        return { call: await this.awaitOtherAttempt(claim.call), driver };
      case 'dial':
        return { call: await this.dialAudited(claim.call, driver, caller, actor, origin), driver };
    }
  }

  /** Dials, and records who placed the call (one entry per call record: retries replay it). */
  private async dialAudited(
    call: Call,
    driver: DialedDriver,
    caller: CallerIdentity,
    actor: Actor,
    origin: CallOrigin,
  ): Promise<Call> {
    let outcome = 'failed';
    try {
      // Campaign calls have no placer: the scheduler acts on its creator's behalf.
      const placer = origin.kind === 'campaign' ? null : actor.id;
      const transfers = await this.routing.route(placer, call.language);
      const dialed = await this.dial(call, driver, { ...caller, transfers });
      outcome = 'dialed';
      return dialed;
    } finally {
      await this.audit.record(actor, {
        action: origin.kind === 'follow_up' ? 'follow_up.placed' : 'call.placed',
        target: call.callSid,
        detail: {
          driver_id: call.driverId,
          phone: maskPhone(driver.phoneNumber),
          outcome,
          ...(origin.kind === 'campaign' ? { campaign_id: origin.publicId } : {}),
          ...(origin.kind === 'follow_up' ? { follow_up_of: origin.of.callSid } : {}),
        },
      });
    }
  }

  private async dial(call: Call, driver: DialedDriver, caller: CallerIdentity): Promise<Call> {
    const { phoneNumber } = driver;
    const outbound = outboundCallRequest(call, driver, caller, this.config);
    try {
      const answer = await this.elevenLabs.createOutboundCall(outbound);
      this.logger.log(
        `Call ${call.callSid} placed to ${maskPhone(phoneNumber)} as ${answer.conversation_id}`,
      );
      const dialed = await this.claims.markDialed(
        call.id,
        answer.conversation_id!,
        answer.callSid ?? null,
      );
      if (dialed.conversationId === answer.conversation_id) {
        this.events.emit(CALL_STARTED, { message: callStartedMessage(dialed, driver.driverName) });
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
}
