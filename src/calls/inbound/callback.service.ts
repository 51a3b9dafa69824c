import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { DriversRepository, type OpenItemRow } from '../../drivers/drivers.repository.js';
import { callLanguageOf, type CallLanguage } from '../../drivers/call-language.js';
import { maskPhone, toE164 } from '../../drivers/phone-number.js';
import { CallbackNumber } from '../../elevenlabs/agent/callback-number.js';
import { RecordingNotice } from '../../elevenlabs/agent/recording-notice.js';
import { CALL_STARTED, CALLBACK_RECEIVED } from '../../events/domain-events.js';
import { callStartedMessage } from '../messages/call-messages.js';
import { EventBus } from '../../events/event-bus.js';
import { MAX_ITEMS_PER_CALL } from '../../item-vocabulary/data-collection-ids.js';
import { inboundCallSidFor } from '../placement/call-attempt.js';
import { callVariables } from '../placement/call-variables.js';
import { type CallerIdentity, orderedDetails } from '../placement/prompt-builder.js';
import {
  knownCallerFirstMessage,
  knownCallerPrompt,
  messageTakingFirstMessage,
  messageTakingPrompt,
} from './callback-prompt.js';
import { CallsRepository } from '../record/calls.repository.js';
import type { Call } from '../record/call.entity.js';
import { EscalationRouting } from '../../escalation/escalation-routing.js';
import { InboundCallsRepository, type TakenOverItem } from './inbound-calls.repository.js';

/** What ElevenLabs asks before the agent answers an inbound call (ELEVENLABS.md §8). */
export interface InitiationRequest {
  callerId: string;
  calledNumber: string | null;
  twilioCallSid: string;
}

/** The conversation-initiation webhook's answer. */
export interface InitiationAnswer {
  type: 'conversation_initiation_client_data';
  dynamic_variables: Record<string, string | number>;
  conversation_config_override: {
    agent: { prompt: { prompt: string }; first_message: string; language: CallLanguage };
  };
}

/** Violations first, each keeping its order: the numbering the prompt shows. */
function numbered(rows: OpenItemRow[]): TakenOverItem[] {
  return orderedDetails(
    rows.slice(0, MAX_ITEMS_PER_CALL).map((row) => ({
      callId: row.call_id,
      item: row.item,
      type: row.type,
      description: row.description,
    })),
  );
}

/**
 * A driver phoning the agent back: records the call before answering, and tells the agent who
 * is calling and what is still open (or, for a number nobody has, to take a message).
 */
@Injectable()
export class CallbackService {
  private readonly logger = new Logger('Callbacks');

  constructor(
    private readonly drivers: DriversRepository,
    private readonly inbound: InboundCallsRepository,
    private readonly calls: CallsRepository,
    private readonly transactions: TransactionRunner,
    private readonly recording: RecordingNotice,
    private readonly callbackNumber: CallbackNumber,
    private readonly config: AppConfig,
    private readonly events: EventBus,
    private readonly routing: EscalationRouting,
  ) {}

  /** Never fails: on any error the caller still gets a polite agent that takes a message. */
  async answer(request: InitiationRequest): Promise<InitiationAnswer> {
    const caller: CallerIdentity = {
      companyName: this.config.compliance.companyName,
      recordingNotice: this.recording.required,
      callbackNumber: this.callbackNumber.current(),
    };
    const callSid = inboundCallSidFor(request.twilioCallSid);
    try {
      return await this.answerKnown(request, callSid, caller);
    } catch (error) {
      this.logger.error(`Callback ${callSid}: answered generically: ${(error as Error).message}`);
      return this.answerWith(callSid, { ...caller, transfers: this.routing.fallback() }, null);
    }
  }

  private async answerKnown(
    request: InitiationRequest,
    callSid: string,
    caller: CallerIdentity,
  ): Promise<InitiationAnswer> {
    const earlier = await this.calls.findByTwilioCallSid(request.twilioCallSid);
    if (earlier?.direction === 'inbound') return this.answerAgain(earlier, caller);
    const phoneNumber = toE164(request.callerId);
    const driver = phoneNumber ? await this.drivers.findByPhone(phoneNumber) : null;
    const open = driver
      ? await this.drivers.openItemsOf(driver.driverId, this.config.drivers.openItemsMaxAgeDays)
      : [];
    const items = numbered(open);
    const known = driver && items.length > 0 ? { driver, tripId: open[0]!.trip_id, items } : null;
    const language = callLanguageOf(null, driver?.language ?? null);
    const transfers = await this.routing.route(null, language);
    const answer = this.answerWith(callSid, { ...caller, transfers }, known, language);
    const { call, created } = await this.transactions.run((tx) =>
      this.inbound.open(tx, {
        callSid,
        twilioCallSid: request.twilioCallSid,
        driverId: driver?.driverId ?? null,
        callerNumber: phoneNumber,
        tripId: known?.tripId ?? '',
        items: known?.items ?? [],
        firstMessage: answer.conversation_config_override.agent.first_message,
        language: answer.conversation_config_override.agent.language,
        needsDispatcher: !known,
      }),
    );
    // A retried initiation answers the same again, but the call started once.
    if (!created) return answer;
    this.events.emit(CALL_STARTED, {
      message: callStartedMessage(call, driver?.driverName ?? null),
    });
    this.events.emit(CALLBACK_RECEIVED, {
      callId: call.id,
      callSid,
      driverId: call.driverId,
      twilioCallSid: call.twilioCallSid,
    });
    this.logger.log(
      `Callback ${callSid} from ${phoneNumber ? maskPhone(phoneNumber) : 'an unknown number'}: ${
        known ? `${driver!.driverId}, ${items.length} open item(s)` : 'taking a message'
      }`,
    );
    return answer;
  }

  /** A retried initiation: the same driver and items the call was recorded with. */
  private async answerAgain(call: Call, caller: CallerIdentity): Promise<InitiationAnswer> {
    const driver = call.driverId ? await this.drivers.findById(call.driverId) : null;
    const items = call.violations.map((detail, index) => ({
      callId: call.id,
      item: index + 1,
      ...detail,
    }));
    const known = driver && items.length > 0 ? { driver, tripId: call.tripId, items } : null;
    const transfers = await this.routing.route(null, call.language);
    return this.answerWith(call.callSid, { ...caller, transfers }, known, call.language);
  }

  private answerWith(
    callSid: string,
    caller: CallerIdentity,
    known: {
      driver: { driverId: string; driverName: string };
      tripId: string;
      items: TakenOverItem[];
    } | null,
    language: CallLanguage = 'en',
  ): InitiationAnswer {
    const callback = known && {
      driverName: known.driver.driverName,
      tripId: known.tripId,
      items: known.items,
    };
    return {
      type: 'conversation_initiation_client_data',
      dynamic_variables: callVariables({
        callSid,
        driverId: known?.driver.driverId ?? null,
        driverName: known?.driver.driverName ?? null,
        tripId: known?.tripId ?? '',
        callType: 'callback',
        itemCount: known?.items.length ?? 0,
        companyName: caller.companyName,
        callbackNumber: caller.callbackNumber,
        transfers: caller.transfers,
      }),
      conversation_config_override: {
        agent: {
          prompt: {
            prompt: callback
              ? knownCallerPrompt(callback, caller, language)
              : messageTakingPrompt(caller, language),
          },
          first_message: callback
            ? knownCallerFirstMessage(callback, caller, language)
            : messageTakingFirstMessage(caller, language),
          language,
        },
      },
    };
  }
}
