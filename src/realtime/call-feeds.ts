import { Injectable, Logger } from '@nestjs/common';
import { callStatusChanged } from '../calls/messages/call-events.js';
import { itemOutcomeMessage, transcriptionMessage } from '../calls/messages/call-messages.js';
import { CallItemsRepository } from '../calls/items/call-items.repository.js';
import { CallsRepository } from '../calls/record/calls.repository.js';
import { CallStatus } from '../calls/record/call-status.js';
import type { Call } from '../calls/record/call.entity.js';
import { TranscriptRepository } from '../calls/transcript/transcript.repository.js';
import type {
  CallStatusChangedEvent,
  ItemOutcomeRecordedEvent,
  CallTransferredEvent,
  TranscriptionCorrectedEvent,
  TranscriptionStoredEvent,
} from '../events/domain-events.js';
import type { TranscriptionMessage } from '../events/realtime-messages.js';
import type { SocketSession, Subscription } from './socket-session.js';

const PAGE = 500;
/** How long a gap may wait for its late event (another transaction, another instance) before the database fills it. */
const GAP_WAIT_MS = 40;

interface Feed {
  callId: number;
  callSid: string;
  conversationId: string | null;
  subscribers: Set<Subscription>;
  /** Turns seen but not yet sent to every subscriber. */
  cache: Map<number, TranscriptionMessage>;
  /** Highest sequence_number known to be committed. */
  highest: number;
  status: CallStatusChangedEvent | null;
  fillTimer?: NodeJS.Timeout;
}

/**
 * Per call watched on this instance: the subscribed sockets and what each has been sent.
 * Every socket gets the call's turns in sequence order, each once, without gaps: events are
 * sent only when they are the next number a socket expects; anything missing (a transaction that
 * commits late, an event from another instance still on its way, a replay racing a commit) is
 * read from the database. A call's status goes out once its turns up to that point have.
 */
@Injectable()
export class CallFeeds {
  private readonly logger = new Logger('CallFeeds');
  private readonly feeds = new Map<number, Feed>();

  constructor(
    private readonly calls: CallsRepository,
    private readonly items: CallItemsRepository,
    private readonly transcripts: TranscriptRepository,
  ) {}

  get watchedCallIds(): number[] {
    return [...this.feeds.keys()];
  }

  /** Registers the socket first, then replays from the database, so no commit falls between. */
  async subscribe(session: SocketSession, call: Call, since: number): Promise<void> {
    if (session.subscriptions.has(call.id)) return;
    const feed = this.feedFor(call);
    const subscription: Subscription = {
      session,
      callId: call.id,
      cursor: since,
      statusSent: call.status === CallStatus.IN_PROGRESS ? call.statusVersion : -1,
    };
    feed.subscribers.add(subscription);
    session.subscriptions.set(call.id, subscription);
    // Outcomes known so far first: they have no order to keep with the turns.
    for (const item of await this.items.itemsOf(call.id)) {
      if (item.outcome) session.send(itemOutcomeMessage(feed, item));
    }
    await this.refreshStatus(feed);
    for (let more = true; more && feed.subscribers.has(subscription);) {
      const rows = await this.transcripts.turnsAfter(call.id, subscription.cursor, PAGE);
      for (const row of rows) this.remember(feed, transcriptionMessage(feed, row));
      this.pump(feed, subscription);
      more = rows.length === PAGE;
    }
    this.trim(feed);
  }

  unsubscribe(session: SocketSession, callId: number): void {
    const subscription = session.subscriptions.get(callId);
    if (!subscription) return;
    session.subscriptions.delete(callId);
    const feed = this.feeds.get(callId);
    if (!feed) return;
    feed.subscribers.delete(subscription);
    if (feed.subscribers.size === 0) {
      clearTimeout(feed.fillTimer);
      this.feeds.delete(callId);
    }
  }

  unsubscribeAll(session: SocketSession): void {
    for (const callId of [...session.subscriptions.keys()]) this.unsubscribe(session, callId);
  }

  onTranscription(event: TranscriptionStoredEvent): void {
    const feed = this.feeds.get(event.callId);
    if (!feed) return;
    feed.conversationId ??= event.message.conversation_id;
    this.remember(feed, event.message);
    this.pumpAll(feed);
  }

  /**
   * A turn's words changed: subscribers already past it get `transcription_corrected`; the others
   * will be sent the corrected words with the turn itself.
   */
  onCorrected(event: TranscriptionCorrectedEvent): void {
    const feed = this.feeds.get(event.callId);
    if (!feed) return;
    const { sequence_number: sequence } = event.message;
    if (feed.cache.has(sequence)) {
      feed.cache.set(sequence, { ...event.message, type: 'transcription' });
    }
    for (const subscription of feed.subscribers) {
      if (subscription.cursor >= sequence) subscription.session.send(event.message);
    }
  }

  /** Outcomes have no order to keep with the turns: every subscriber of the call gets them now. */
  onTransferred(event: CallTransferredEvent): void {
    for (const subscription of this.feeds.get(event.callId)?.subscribers ?? [])
      subscription.session.send(event.message);
  }

  onItemOutcome(event: ItemOutcomeRecordedEvent): void {
    for (const subscription of this.feeds.get(event.callId)?.subscribers ?? [])
      subscription.session.send(event.message);
  }

  onStatus(event: CallStatusChangedEvent): void {
    const feed = this.feeds.get(event.callId);
    if (!feed || (feed.status && feed.status.statusVersion >= event.statusVersion)) return;
    feed.status = event;
    feed.conversationId ??= event.status.conversation_id;
    this.pumpAll(feed);
  }

  /** A merge renumbered the call's turns: what is cached may be stale, so re-read. */
  onRenumbered(callId: number): void {
    const feed = this.feeds.get(callId);
    if (!feed) return;
    feed.cache.clear();
    this.scheduleFill(feed, 0);
  }

  /** Catches up from the database (used when events from other instances may have been lost). */
  async poll(): Promise<void> {
    const ids = this.watchedCallIds;
    if (ids.length === 0) return;
    const rows = await this.calls.progressOf(ids);
    for (const row of rows) {
      const feed = this.feeds.get(row.id);
      if (!feed) continue;
      const statusBehind =
        row.statusVersion > (feed.status?.statusVersion ?? -1) &&
        [...feed.subscribers].some((s) => s.statusSent < row.statusVersion);
      if (row.lastSequenceNumber > feed.highest || statusBehind) {
        feed.highest = Math.max(feed.highest, row.lastSequenceNumber);
        this.scheduleFill(feed, 0);
      }
    }
  }

  private feedFor(call: Call): Feed {
    let feed = this.feeds.get(call.id);
    if (!feed) {
      feed = {
        callId: call.id,
        callSid: call.callSid,
        conversationId: call.conversationId,
        subscribers: new Set(),
        cache: new Map(),
        highest: call.lastSequenceNumber,
        // An ended call's status (with its items) is read by refreshStatus, right after.
        status: null,
      };
      this.feeds.set(call.id, feed);
    }
    return feed;
  }

  private remember(feed: Feed, message: TranscriptionMessage): void {
    feed.cache.set(message.sequence_number, message);
    feed.highest = Math.max(feed.highest, message.sequence_number);
  }

  private pumpAll(feed: Feed): void {
    for (const subscription of feed.subscribers) this.pump(feed, subscription);
    this.trim(feed);
  }

  private pump(feed: Feed, subscription: Subscription): void {
    const { session } = subscription;
    for (
      let next = feed.cache.get(subscription.cursor + 1);
      next;
      next = feed.cache.get(subscription.cursor + 1)
    ) {
      if (!session.send(next)) return;
      subscription.cursor = next.sequence_number;
    }
    const status = feed.status;
    if (
      status &&
      status.statusVersion > subscription.statusSent &&
      subscription.cursor >= status.afterSequence
    ) {
      if (!session.send(status.status)) return;
      if (status.completed && !session.send(status.completed)) return;
      subscription.statusSent = status.statusVersion;
    }
    const waitingForTurns = subscription.cursor < feed.highest;
    const waitingForStatus = status !== null && status.statusVersion > subscription.statusSent;
    if (waitingForTurns || waitingForStatus) this.scheduleFill(feed, GAP_WAIT_MS);
  }

  /** Forgets turns every subscriber already has. */
  private trim(feed: Feed): void {
    let lowest = Infinity;
    for (const subscription of feed.subscribers) lowest = Math.min(lowest, subscription.cursor);
    for (const sequence of feed.cache.keys()) if (sequence <= lowest) feed.cache.delete(sequence);
  }

  private scheduleFill(feed: Feed, delayMs: number): void {
    if (feed.fillTimer) return;
    feed.fillTimer = setTimeout(() => {
      feed.fillTimer = undefined;
      this.fill(feed).catch((error: Error) => {
        this.logger.warn(
          `Catching up call ${feed.callSid} from the database failed: ${error.message}`,
        );
        this.scheduleFill(feed, 1000);
      });
    }, delayMs);
    feed.fillTimer.unref();
  }

  private async fill(feed: Feed): Promise<void> {
    if (this.feeds.get(feed.callId) !== feed) return;
    await this.refreshStatus(feed);
    for (let more = true; more;) {
      let lowest = Infinity;
      for (const subscription of feed.subscribers) lowest = Math.min(lowest, subscription.cursor);
      if (!Number.isFinite(lowest)) return;
      const rows = await this.transcripts.turnsAfter(feed.callId, lowest, PAGE);
      for (const row of rows) this.remember(feed, transcriptionMessage(feed, row));
      this.pumpAll(feed);
      more = rows.length === PAGE;
    }
  }

  private async refreshStatus(feed: Feed): Promise<void> {
    const call = await this.calls.findById(feed.callId);
    if (!call) return;
    feed.conversationId = call.conversationId;
    feed.highest = Math.max(feed.highest, call.lastSequenceNumber);
    if (
      call.statusVersion > (feed.status?.statusVersion ?? -1) &&
      call.status !== CallStatus.IN_PROGRESS
    ) {
      feed.status = callStatusChanged(call, await this.items.itemsOf(call.id));
    }
  }
}
