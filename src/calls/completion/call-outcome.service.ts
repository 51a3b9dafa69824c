import { asObject } from '../../common/json-object.js';
import { DriverLearning, spokenLanguage } from './driver-learning.js';
import { TransferRecorder } from './transfer-recorder.js';
import { type CallTransfer, transferOf } from './transfer-result.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import type { Transaction } from '../../database/transaction.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import {
  type Conversation,
  FINISHED_CONVERSATION_STATUSES,
} from '../../elevenlabs/elevenlabs.types.js';
import {
  CALL_STATUS_CHANGED,
  CALL_TRANSFERRED,
  DISPATCHER_ALERT_RAISED,
  ITEM_OUTCOME_RECORDED,
  RECORDING_AVAILABLE,
} from '../../events/domain-events.js';
import { DispatcherAlertsRepository } from '../../escalation/dispatcher-alerts.repository.js';
import { dispatcherAlertView } from '../../escalation/dispatcher-alert-view.js';
import { callTransferredMessage } from '../messages/call-messages.js';
import { EventBus } from '../../events/event-bus.js';
import { callStatusChanged, itemOutcomeRecorded } from '../messages/call-events.js';
import { CallItemsRepository } from '../items/call-items.repository.js';
import { collectedData } from '../items/data-collection.js';
import { DriversRepository } from '../../drivers/drivers.repository.js';
import { toE164 } from '../../drivers/phone-number.js';
import { InboundCallsRepository } from '../inbound/inbound-calls.repository.js';
import { inboundCallSidFor } from '../placement/call-attempt.js';
import { dialAnswerMs } from '../placement/dial-answer.js';
import { endedAtVoicemail, notReachedFromInitiationFailure } from '../record/not-reached.js';
import type { CallItem } from '../items/call-item.entity.js';
import { CallsRepository } from '../record/calls.repository.js';
import { CallStatus } from '../record/call-status.js';
import type { Call } from '../record/call.entity.js';
import { speakerFromRole } from '../transcript/speaker-type.js';
import {
  type IncomingTurn,
  type MergeResult,
  TranscriptStore,
} from '../transcript/transcript-store.js';

/** Thrown inside a transaction to roll it back and wait for a dial's answer. */
class DialInFlight extends Error {}
const DIAL_IN_FLIGHT_RETRY_MS = 100;
const MAX_DIAL_WAIT_MS = 10_000;

export interface ConversationRef {
  conversationId: string;
  /** Our call_sid from the conversation's dynamic variables, for a call that has no conversation_id yet. */
  callSid?: string;
}

/** Writes a log row in the same transaction; `call` is null when no call matched. */
export type OutcomeLog = (tx: Transaction, call: Call | null, changed: boolean) => Promise<void>;

export interface AppliedConversation {
  call: Call;
  statusChanged: boolean;
  merge: MergeResult;
  /** Items whose outcome ElevenLabs' data collection filled. */
  filledItems: CallItem[];
  /** This delivery recorded the call's transfer (first seen, or changed). */
  transferred: boolean;
  /** The alert the transfer raised for every on-duty dispatcher, if any. */
  alertId: number | null;
  /** The platform has audio for the call since this delivery: a copy is fetched. */
  audioArrived: boolean;
}

function asNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A number within what the columns (and dates) can hold; anything else counts as missing. */
function within(value: unknown, min: number, max: number): number | null {
  const number = asNumber(value);
  return number !== null && number >= min && number <= max ? number : null;
}

/** Seconds since the epoch from 1970 to 9999. */
const MAX_UNIX_SECONDS = 253_402_300_799;
/** A call longer than a year is not a call. */
const MAX_CALL_SECONDS = 366 * 86_400;

/** The turns of ElevenLabs' transcript that carry words, timed as start + time_in_call_secs. */
export function turnsOf(conversation: Conversation, fallbackStart: Date): IncomingTurn[] {
  const metadata = asObject(conversation.metadata);
  const startSecs = within(metadata?.start_time_unix_secs, 0, MAX_UNIX_SECONDS);
  const startMs = startSecs !== null ? startSecs * 1000 : fallbackStart.getTime();
  const transcript: unknown[] = Array.isArray(conversation.transcript)
    ? conversation.transcript
    : [];
  return transcript.flatMap((entry) => {
    const turn = asObject(entry);
    const speaker = speakerFromRole(String(turn?.role));
    const text = typeof turn?.message === 'string' ? turn.message.trim() : '';
    if (!speaker || !text) return [];
    const offset = within(turn?.time_in_call_secs, 0, MAX_CALL_SECONDS) ?? 0;
    return [{ speaker, text, timestamp: new Date(startMs + offset * 1000) }];
  });
}

/**
 * Applies what ElevenLabs says about a call (post-call webhook, fetch, initiation failure) in
 * one transaction under the call's row lock, then emits the status events if the status changed.
 */
@Injectable()
export class CallOutcomeService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly calls: CallsRepository,
    private readonly items: CallItemsRepository,
    private readonly transcripts: TranscriptStore,
    private readonly events: EventBus,
    private readonly config: AppConfig,
    private readonly inbound: InboundCallsRepository,
    private readonly drivers: DriversRepository,
    private readonly learning: DriverLearning,
    private readonly transfers: TransferRecorder,
    private readonly alerts: DispatcherAlertsRepository,
  ) {}

  /**
   * A callback the service has no row for (its initiation webhook failed or never came): the
   * post-call creates it, so no inbound call is lost. Outbound conversations are never made up.
   */
  private async recordOrphanCallback(
    tx: Transaction,
    ref: ConversationRef,
    conversation: Conversation,
  ): Promise<Call | null> {
    const phoneCall = asObject(asObject(conversation.metadata)?.phone_call);
    if (phoneCall?.direction !== 'inbound') return null;
    const callerNumber =
      typeof phoneCall.external_number === 'string' ? toE164(phoneCall.external_number) : null;
    const twilioCallSid = typeof phoneCall.call_sid === 'string' ? phoneCall.call_sid : null;
    const driver = callerNumber ? await this.drivers.findByPhone(callerNumber) : null;
    const { call } = await this.inbound.open(tx, {
      callSid: ref.callSid ?? inboundCallSidFor(twilioCallSid ?? ref.conversationId),
      conversationId: ref.conversationId,
      twilioCallSid,
      driverId: driver?.driverId ?? null,
      callerNumber,
      tripId: '',
      items: [],
      firstMessage: null,
      needsDispatcher: true,
    });
    return call;
  }

  /**
   * `finished` says the conversation is over (a post-call webhook, or status done/failed);
   * until then the call stays IN_PROGRESS while its data and transcript are still stored.
   */
  async applyConversation(
    ref: ConversationRef,
    conversation: Conversation,
    source: 'post_call' | 'fetch',
    log?: OutcomeLog,
  ): Promise<AppliedConversation | null> {
    const finished =
      source === 'post_call' ||
      FINISHED_CONVERSATION_STATUSES.includes(String(conversation.status));
    const applied = await this.transactions.run(async (tx) => {
      const call =
        (await this.calls.lockForConversation(tx, ref)) ??
        (await this.recordOrphanCallback(tx, ref, conversation));
      if (!call) {
        await log?.(tx, null, false);
        return null;
      }
      const before = { ...call };
      const metadata = asObject(conversation.metadata);
      const analysis = asObject(conversation.analysis);
      const duration = within(metadata?.call_duration_secs, 0, MAX_CALL_SECONDS);
      const startSecs = within(metadata?.start_time_unix_secs, 0, MAX_UNIX_SECONDS);
      const outcome =
        typeof analysis?.call_successful === 'string' ? analysis.call_successful : null;
      call.conversationId ??= ref.conversationId;
      const phoneCall = asObject(metadata?.phone_call);
      call.twilioCallSid ??= typeof phoneCall?.call_sid === 'string' ? phoneCall.call_sid : null;
      if (duration !== null) call.callDurationSeconds = Math.round(duration);
      // Dollars (`cost_fiat`); the credits stay in the metadata. No dollar figure: no cost.
      if (metadata) call.cost = asNumber(metadata.cost_fiat);
      if (typeof analysis?.transcript_summary === 'string')
        call.transcriptSummary = analysis.transcript_summary;
      if (outcome !== null) call.callSuccessful = outcome === 'success';
      if (analysis) call.analysisData = analysis;
      const collected = collectedData(analysis);
      call.needsDispatcher = collected.needsDispatcher ?? call.needsDispatcher;
      call.driverOptOut = collected.driverOptOut ?? call.driverOptOut;
      call.driverLanguage = collected.driverLanguage ?? call.driverLanguage;
      if (metadata) call.metadataJson = metadata;
      // The finished conversation says whether the platform recorded it (`has_audio`).
      if (finished && conversation.has_audio === true) call.hasAudio = true;
      if (duration !== null) {
        const start = startSecs !== null ? startSecs * 1000 : call.callStartTime.getTime();
        call.callEndTime = new Date(start + duration * 1000);
      }
      if (finished) {
        call.status =
          outcome === 'success' && conversation.status !== 'failed'
            ? CallStatus.COMPLETED
            : CallStatus.FAILED;
        if (call.status === CallStatus.FAILED && !outcome)
          call.failureReason ??= 'ElevenLabs reported no successful outcome';
        if (endedAtVoicemail(metadata)) {
          call.status = CallStatus.FAILED;
          call.failureReason = 'voicemail';
          call.notReached = 'voicemail';
        }
        call.callEndTime ??= new Date();
      }
      const transfer = transferOf(conversation, call.callStartTime);
      if (transfer) applyTransfer(call, transfer);
      const transferred = transfer !== null && !sameTransfer(before, call);
      if (collected.callBackInMinutes !== null && !call.notReached) {
        const askedAt = call.callEndTime ?? new Date();
        call.callBackAt ??= new Date(askedAt.getTime() + collected.callBackInMinutes * 60_000);
      }
      const statusChanged = call.status !== before.status;
      if (statusChanged) call.statusVersion += 1;
      const merge = await this.transcripts.merge(
        tx,
        call,
        turnsOf(conversation, call.callStartTime),
        source,
      );
      call.lastSequenceNumber = merge.total;
      await this.calls.save(tx, call);
      const filledItems = await this.items.fillUnsettled(tx, call.id, collected.items);
      // The language once the call is over (a fetch mid-call may still change it).
      const spoken = finished ? spokenLanguage(metadata, call.driverLanguage) : null;
      await this.learning.learn(tx, call, before, spoken);
      const alertId = transferred ? await this.transfers.record(tx, call, transfer!) : null;
      const changed =
        statusChanged ||
        transferred ||
        merge.inserted.length > 0 ||
        merge.reworded.length > 0 ||
        filledItems.length > 0 ||
        !sameData(before, call);
      await log?.(tx, call, changed);
      const audioArrived = call.hasAudio && !before.hasAudio;
      return { call, statusChanged, merge, filledItems, transferred, alertId, audioArrived };
    });
    if (!applied) return null;
    this.transcripts.publishMerge(applied.call, applied.merge);
    for (const item of applied.filledItems)
      this.events.emit(ITEM_OUTCOME_RECORDED, itemOutcomeRecorded(applied.call, item));
    if (applied.transferred)
      this.events.emit(CALL_TRANSFERRED, {
        callId: applied.call.id,
        message: callTransferredMessage(applied.call),
      });
    if (applied.alertId !== null) await this.emitAlert(applied.alertId);
    if (applied.audioArrived) this.events.emit(RECORDING_AVAILABLE, { callId: applied.call.id });
    if (applied.statusChanged) await this.emitStatus(applied.call);
    return applied;
  }

  /** `call_initiation_failure`: the driver was never reached (busy, no answer, ...). */
  async applyInitiationFailure(
    ref: ConversationRef,
    failureReason: string,
    metadata: Record<string, unknown> | null,
    log: OutcomeLog,
  ): Promise<Call | null> {
    const applied = await this.whileDialInFlight(async (tx, mayWait) => {
      let call = await this.calls.lockForConversation(tx, ref);
      if (!call && mayWait) {
        if (await this.calls.dialInFlight(tx, this.dialWindowStart())) throw new DialInFlight();
        // Each statement reads what is committed when it runs: the dial's answer may have
        // stored this conversation id between the two reads above, so no dial is "in flight"
        // any more, yet the first read missed it. Look once more before calling it unknown.
        call = await this.calls.lockForConversation(tx, ref);
      }
      if (!call || call.status === CallStatus.COMPLETED) {
        await log(tx, call, false);
        return call ? { call, statusChanged: false } : null;
      }
      const statusChanged = call.status !== CallStatus.FAILED;
      call.conversationId ??= ref.conversationId;
      call.status = CallStatus.FAILED;
      call.failureReason = failureReason;
      call.notReached = notReachedFromInitiationFailure(failureReason);
      if (metadata) call.metadataJson = metadata;
      call.callEndTime ??= new Date();
      if (statusChanged) call.statusVersion += 1;
      await this.calls.save(tx, call);
      await log(tx, call, statusChanged);
      return { call, statusChanged };
    });
    if (applied?.statusChanged) await this.emitStatus(applied.call);
    return applied?.call ?? null;
  }

  /**
   * Runs `work` in a transaction; when it throws {@link DialInFlight} (an unknown conversation
   * while a dial still waits for ElevenLabs' answer), rolls back and tries again shortly, until
   * no dial could still be that conversation's. A failure that ElevenLabs reports at once (a
   * busy line) can arrive before the dial's answer has stored its conversation id.
   */
  private async whileDialInFlight<T>(
    work: (tx: Transaction, mayWait: boolean) => Promise<T>,
  ): Promise<T> {
    // Bounded so a webhook for a conversation we will never know is not held up for long.
    const deadline = Date.now() + Math.min(dialAnswerMs(this.config.elevenLabs), MAX_DIAL_WAIT_MS);
    for (;;) {
      const mayWait = Date.now() < deadline;
      try {
        return await this.transactions.run((tx) => work(tx, mayWait));
      } catch (error) {
        if (!(error instanceof DialInFlight)) throw error;
        await sleep(DIAL_IN_FLIGHT_RETRY_MS);
      }
    }
  }

  private dialWindowStart(): Date {
    return new Date(Date.now() - dialAnswerMs(this.config.elevenLabs));
  }

  /** `post_call_audio`: remember that ElevenLabs has a recording. */
  async markAudioAvailable(ref: ConversationRef, log: OutcomeLog): Promise<Call | null> {
    let arrived = false;
    const call = await this.transactions.run(async (tx) => {
      const call = await this.calls.lockForConversation(tx, ref);
      if (call && !call.hasAudio) {
        call.hasAudio = true;
        arrived = true;
        await this.calls.save(tx, call);
      }
      await log(tx, call, Boolean(call));
      return call;
    });
    if (call && arrived) this.events.emit(RECORDING_AVAILABLE, { callId: call.id });
    return call;
  }

  private async emitAlert(alertId: number): Promise<void> {
    const row = await this.alerts.find(alertId);
    if (row)
      this.events.emit(DISPATCHER_ALERT_RAISED, {
        message: { type: 'dispatcher_alert', ...dispatcherAlertView(row) },
      });
  }

  /** After the transaction that changed the call's status committed. */
  async emitStatus(call: Call): Promise<void> {
    const items = call.status === CallStatus.IN_PROGRESS ? [] : await this.items.itemsOf(call.id);
    this.events.emit(CALL_STATUS_CHANGED, callStatusChanged(call, items));
  }
}

function applyTransfer(call: Call, transfer: CallTransfer): void {
  call.transferTo = transfer.to;
  call.transferReason = transfer.reason;
  call.transferAt = transfer.at;
  call.transferSucceeded = transfer.succeeded;
}

function sameTransfer(before: Call, after: Call): boolean {
  return (
    before.transferTo === after.transferTo &&
    before.transferReason === after.transferReason &&
    before.transferSucceeded === after.transferSucceeded &&
    before.transferAt?.getTime() === after.transferAt?.getTime()
  );
}

function sameData(before: Call, after: Call): boolean {
  const keys: (keyof Call)[] = [
    'status',
    'conversationId',
    'twilioCallSid',
    'callDurationSeconds',
    'cost',
    'transcriptSummary',
    'callSuccessful',
    'failureReason',
    'notReached',
    'hasAudio',
  ];
  return (
    keys.every((key) => before[key] === after[key]) &&
    isDeepStrictEqual(before.analysisData, after.analysisData) &&
    isDeepStrictEqual(before.metadataJson, after.metadataJson) &&
    before.callEndTime?.getTime() === after.callEndTime?.getTime()
  );
}
