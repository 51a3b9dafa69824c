import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CallsRepository } from '../calls/record/calls.repository.js';
import { CallStatus } from '../calls/record/call-status.js';
import { SpeakerType } from '../calls/transcript/speaker-type.js';
import { TranscriptStore } from '../calls/transcript/transcript-store.js';
import { LiveLeasesRepository } from './live-leases.repository.js';
import { AppConfig } from '../config/app-config.js';
import { ElevenLabsClient } from '../elevenlabs/elevenlabs.client.js';
import type { MonitorTurnEvent } from '../elevenlabs/monitor/monitor-events.js';
import { type MonitorEnd, MonitorSocket } from '../elevenlabs/monitor/monitor-socket.js';

export interface FollowedCall {
  id: number;
  callSid: string;
  conversationId: string;
}

interface Following {
  stopped: boolean;
  socket?: MonitorSocket;
  renewal?: NodeJS.Timeout;
  done: Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5000;
const MAX_RETRY_DELAY_MS = 2000;
const SCAN_BATCH = 100;

/** The delivery key of a monitoring event: replays of it are recognised by the database. */
export function monitorKey(kind: 'driver' | 'agent', eventId: number): string {
  return `monitor:${kind}:${eventId}`;
}

/**
 * ELEVENLABS_LIVE_SOURCE=monitor: follows each live call on ElevenLabs' conversation monitoring
 * socket and stores its turns through the one transcript write path. Exactly one instance
 * follows a call: it holds a lease on the call row (LIVE_LEASE_SECONDS, renewed while it
 * follows); when an instance stops, it hands its calls back, and when it crashes its leases run
 * out; either way another instance's scan picks the calls up and reconnects, and the ~100 events
 * replayed on connect are recognised by their event_id and not stored twice.
 */
@Injectable()
export class MonitorFollower implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('MonitorFollower');
  readonly instanceId = `instance-${randomUUID()}`;
  private readonly following = new Map<number, Following>();
  private scanTimer?: NodeJS.Timeout;
  private shuttingDown = false;

  constructor(
    private readonly calls: CallsRepository,
    private readonly leases: LiveLeasesRepository,
    private readonly transcripts: TranscriptStore,
    private readonly elevenLabs: ElevenLabsClient,
    private readonly config: AppConfig,
  ) {}

  get active(): boolean {
    return this.config.live.source === 'monitor';
  }

  /** Calls this instance follows right now. */
  get followedCallIds(): number[] {
    return [...this.following.keys()];
  }

  onApplicationBootstrap(): void {
    if (!this.active) return;
    const every = (this.config.live.leaseSeconds * 1000) / 2;
    this.scanTimer = setInterval(() => void this.scan(), every);
    this.scanTimer.unref();
    void this.scan();
  }

  /** Hands every followed call back so another instance takes it over at once. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.scanTimer);
    const stopping = [...this.following.entries()].map(async ([callId, following]) => {
      following.stopped = true;
      following.socket?.close();
      await following.done;
      await this.leases.releaseLiveLease(callId, this.instanceId).catch(() => undefined);
    });
    await Promise.all(stopping);
  }

  /** Live calls nobody follows (just dialled elsewhere, or their instance stopped or died). */
  async scan(): Promise<void> {
    if (this.shuttingDown) return;
    try {
      const since = new Date(Date.now() - this.config.calls.maxDurationSeconds * 1000);
      for (const call of await this.leases.unfollowed(since, SCAN_BATCH)) {
        this.follow({ id: call.id, callSid: call.callSid, conversationId: call.conversationId! });
      }
    } catch (error) {
      this.logger.warn(`Looking for calls to follow failed: ${(error as Error).message}`);
    }
  }

  follow(call: FollowedCall): void {
    if (!this.active || this.shuttingDown || this.following.has(call.id)) return;
    const following: Following = { stopped: false, done: Promise.resolve() };
    this.following.set(call.id, following);
    following.done = this.run(call, following)
      .catch((error: Error) =>
        this.logger.error(`Following call ${call.callSid} failed: ${error.message}`),
      )
      .finally(() => {
        clearInterval(following.renewal);
        this.following.delete(call.id);
      });
  }

  private async run(call: FollowedCall, following: Following): Promise<void> {
    const lease = this.config.live.leaseSeconds;
    if (!(await this.leases.claimLiveLease(call.id, this.instanceId, lease))) return;
    following.renewal = setInterval(
      () => {
        void this.leases.claimLiveLease(call.id, this.instanceId, lease).then(
          (held) => {
            if (held || following.stopped) return;
            following.stopped = true;
            following.socket?.close();
          },
          () => undefined,
        );
      },
      (lease * 1000) / 3,
    );
    following.renewal.unref();
    const end = await this.connectUntilEnd(call, following);
    if (end === 'finished') await this.leases.finishLiveLease(call.id, this.instanceId);
  }

  /** Connects, and reconnects with backoff, until the conversation ends or the call is over. */
  private async connectUntilEnd(
    call: FollowedCall,
    following: Following,
  ): Promise<'finished' | 'stopped'> {
    const { url, headers } = this.elevenLabs.monitorEndpoint(call.conversationId);
    const seen = new Set<string>();
    let queue: Promise<void> = Promise.resolve();
    for (let attempt = 0; !following.stopped; attempt++) {
      const socket = new MonitorSocket(url, headers, (event) => {
        queue = queue.then(() => this.store(call, event, seen));
      });
      following.socket = socket;
      const end: MonitorEnd = await socket.run(CONNECT_TIMEOUT_MS);
      await queue;
      if (end.kind === 'ended') return 'finished';
      if (end.kind === 'refused' && end.status !== 404 && end.status < 500) {
        this.logRefusal(call, end);
        return 'finished';
      }
      if (following.stopped) break;
      const current = await this.calls.findById(call.id);
      if (!current || current.status !== CallStatus.IN_PROGRESS) return 'finished';
      if (current.conversationId !== call.conversationId) return 'finished';
      if (end.kind === 'dropped' && attempt === 0)
        this.logger.warn(`Monitoring of ${call.callSid} dropped (${end.detail}); reconnecting`);
      await sleep(Math.min(MAX_RETRY_DELAY_MS, 250 * 2 ** Math.min(attempt, 4)));
    }
    return 'stopped';
  }

  private logRefusal(call: FollowedCall, end: Extract<MonitorEnd, { kind: 'refused' }>): void {
    const advice =
      end.status === 403
        ? 'conversation monitoring needs an Enterprise plan (or the realtime-monitoring feature) and `npm run agent:sync`; set ELEVENLABS_LIVE_SOURCE=twilio on other plans. The call is still recorded from the post-call webhook.'
        : 'check ELEVENLABS_API_KEY (it needs Agents Write access). The call is still recorded from the post-call webhook.';
    this.logger.error(
      `ElevenLabs refused to monitor call ${call.callSid} (${end.status} ${end.detail.slice(0, 200)}): ${advice}`,
    );
  }

  private async store(call: FollowedCall, event: MonitorTurnEvent, seen: Set<string>) {
    const seenKey = `${event.kind}:${event.eventId}`;
    if (seen.has(seenKey)) return;
    seen.add(seenKey);
    try {
      if (event.kind === 'correction') {
        await this.transcripts.correctLiveTurn(
          { conversationId: call.conversationId },
          monitorKey('agent', event.eventId),
          event.text,
        );
        return;
      }
      await this.transcripts.recordLiveTurn(
        { conversationId: call.conversationId },
        {
          speaker: event.kind === 'agent' ? SpeakerType.AGENT : SpeakerType.DRIVER,
          text: event.text,
          // The socket's events carry no time: stamped on receipt.
          timestamp: new Date(),
        },
        {
          source: 'monitor',
          key: monitorKey(event.kind, event.eventId),
          logType: `monitor:${event.type}`,
          body: event.raw,
          bodyBytes: Buffer.byteLength(event.raw),
          signedAt: Date.now() / 1000,
        },
      );
    } catch (error) {
      // Not stored: forget it and reconnect, so the replay on connect brings it back.
      seen.delete(seenKey);
      this.following.get(call.id)?.socket?.close();
      this.logger.warn(
        `Storing monitor event ${event.eventId} of ${call.callSid} failed: ${(error as Error).message}`,
      );
    }
  }
}
