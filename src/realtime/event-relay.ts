import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { Redis } from 'ioredis';
import { UserAccessCache } from '../auth/user-access-cache.js';
import { userIdOf } from '../auth/users.repository.js';
import { AppConfig } from '../config/app-config.js';
import {
  CALL_DIALED,
  CALLBACK_RECEIVED,
  CALL_STARTED,
  CALL_STATUS_CHANGED,
  CAMPAIGN_PROGRESS,
  CALL_TRANSFERRED,
  RECORDING_AVAILABLE,
  DISPATCHER_ALERT_ACKNOWLEDGED,
  DISPATCHER_ALERT_RAISED,
  type DomainEvent,
  ITEM_OUTCOME_RECORDED,
  type DomainEventMap,
  TRANSCRIPT_RENUMBERED,
  TRANSCRIPTION_CORRECTED,
  TRANSCRIPTION_STORED,
  USER_ACCESS_REVOKED,
} from '../events/domain-events.js';
import { CallFeeds } from './call-feeds.js';
import { TeamFeed } from './team-feed.js';
import { CampaignFeeds } from './campaign-feeds.js';
import { SocketRegistry } from './socket-registry.js';

const CHANNEL = 'dispatch-voice:call-events';
const POLL_WHILE_REDIS_DOWN_MS = 1000;
const POLL_SAFETY_NET_MS = 5000;

/**
 * Feeds the sockets from domain events: this instance's straight away, other instances' through
 * Redis pub/sub when REDIS_URL is set. Redis is a fast path, not the source of truth: while it is
 * down (and every few seconds anyway) watched calls are caught up from the database, so an outage
 * costs latency, never a turn.
 */
@Injectable()
export class EventRelay implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('EventRelay');
  readonly instanceId = randomUUID();
  private publisher?: Redis;
  private subscriber?: Redis;
  private healthy = true;
  private pollTimer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly feeds: CallFeeds,
    private readonly campaignFeeds: CampaignFeeds,
    private readonly teamFeed: TeamFeed,
    private readonly sockets: SocketRegistry,
    private readonly access: UserAccessCache,
  ) {}

  onModuleInit(): void {
    const url = this.config.redisUrl;
    if (!url) return;
    const options = {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
    };
    this.publisher = new Redis(url, {
      ...options,
      connectionName: `dispatch-voice-pub-${this.instanceId}`,
    });
    this.subscriber = new Redis(url, {
      ...options,
      connectionName: `dispatch-voice-sub-${this.instanceId}`,
    });
    this.healthy = false;
    this.publisher.on('error', () => undefined);
    this.subscriber.on('error', (error: Error) => this.setHealthy(false, error.message));
    this.subscriber.on('close', () => this.setHealthy(false, 'connection closed'));
    this.subscriber.on('ready', () => {
      this.subscriber!.subscribe(CHANNEL).then(
        () => this.setHealthy(true),
        (error: Error) => this.setHealthy(false, error.message),
      );
    });
    this.subscriber.on('message', (_channel: string, text: string) => this.receive(text));
    this.schedulePoll();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }

  @OnEvent(TRANSCRIPTION_STORED)
  onTranscription(payload: DomainEventMap[typeof TRANSCRIPTION_STORED]): void {
    this.relay({ name: TRANSCRIPTION_STORED, payload });
  }

  @OnEvent(TRANSCRIPTION_CORRECTED)
  onCorrected(payload: DomainEventMap[typeof TRANSCRIPTION_CORRECTED]): void {
    this.relay({ name: TRANSCRIPTION_CORRECTED, payload });
  }

  @OnEvent(ITEM_OUTCOME_RECORDED)
  onItemOutcome(payload: DomainEventMap[typeof ITEM_OUTCOME_RECORDED]): void {
    this.relay({ name: ITEM_OUTCOME_RECORDED, payload });
  }

  @OnEvent(CALL_STATUS_CHANGED)
  onStatus(payload: DomainEventMap[typeof CALL_STATUS_CHANGED]): void {
    this.relay({ name: CALL_STATUS_CHANGED, payload });
  }

  @OnEvent(TRANSCRIPT_RENUMBERED)
  onRenumbered(payload: DomainEventMap[typeof TRANSCRIPT_RENUMBERED]): void {
    this.relay({ name: TRANSCRIPT_RENUMBERED, payload });
  }

  @OnEvent(CALL_STARTED)
  onCallStarted(payload: DomainEventMap[typeof CALL_STARTED]): void {
    this.relay({ name: CALL_STARTED, payload });
  }

  @OnEvent(CAMPAIGN_PROGRESS)
  onCampaignProgress(payload: DomainEventMap[typeof CAMPAIGN_PROGRESS]): void {
    this.relay({ name: CAMPAIGN_PROGRESS, payload });
  }

  @OnEvent(CALL_TRANSFERRED)
  onTransferred(payload: DomainEventMap[typeof CALL_TRANSFERRED]): void {
    this.relay({ name: CALL_TRANSFERRED, payload });
  }

  @OnEvent(DISPATCHER_ALERT_RAISED)
  onAlertRaised(payload: DomainEventMap[typeof DISPATCHER_ALERT_RAISED]): void {
    this.relay({ name: DISPATCHER_ALERT_RAISED, payload });
  }

  @OnEvent(DISPATCHER_ALERT_ACKNOWLEDGED)
  onAlertAcknowledged(payload: DomainEventMap[typeof DISPATCHER_ALERT_ACKNOWLEDGED]): void {
    this.relay({ name: DISPATCHER_ALERT_ACKNOWLEDGED, payload });
  }

  @OnEvent(USER_ACCESS_REVOKED)
  onAccessRevoked(payload: DomainEventMap[typeof USER_ACCESS_REVOKED]): void {
    this.relay({ name: USER_ACCESS_REVOKED, payload });
  }

  /** This instance's event: to the local sockets now, and to the other instances. */
  private relay(event: DomainEvent): void {
    this.deliver(event);
    this.publish(event);
  }

  private deliver(event: DomainEvent): void {
    switch (event.name) {
      case TRANSCRIPTION_STORED:
        this.feeds.onTranscription(event.payload);
        break;
      case TRANSCRIPTION_CORRECTED:
        this.feeds.onCorrected(event.payload);
        break;
      case CALL_STATUS_CHANGED:
        this.feeds.onStatus(event.payload);
        this.teamFeed.onStatus(event.payload.status);
        break;
      case CALL_STARTED:
        this.teamFeed.onStarted(event.payload.message);
        break;
      case ITEM_OUTCOME_RECORDED:
        this.feeds.onItemOutcome(event.payload);
        break;
      case CALL_DIALED:
      case CALLBACK_RECEIVED:
      case RECORDING_AVAILABLE:
        break;
      case TRANSCRIPT_RENUMBERED:
        this.feeds.onRenumbered(event.payload.callId);
        break;
      case CALL_TRANSFERRED:
        this.feeds.onTransferred(event.payload);
        this.teamFeed.broadcast(event.payload.message);
        break;
      case DISPATCHER_ALERT_RAISED:
      case DISPATCHER_ALERT_ACKNOWLEDGED:
        this.teamFeed.broadcast(event.payload.message);
        break;
      case CAMPAIGN_PROGRESS:
        this.campaignFeeds.onProgress(event.payload.message);
        break;
      case USER_ACCESS_REVOKED: {
        const id = userIdOf(event.payload.sub);
        if (id !== null) this.access.forget(id);
        this.sockets
          .revoke(event.payload.sub)
          .catch((error: Error) =>
            this.logger.warn(`Closing revoked sockets failed: ${error.message}`),
          );
        break;
      }
    }
  }

  private publish(event: DomainEvent): void {
    if (!this.publisher || !this.healthy) return;
    this.publisher
      .publish(CHANNEL, JSON.stringify({ origin: this.instanceId, ...event }))
      .catch(() => undefined);
  }

  private receive(text: string): void {
    let event: DomainEvent & { origin?: string };
    try {
      event = JSON.parse(text) as DomainEvent & { origin?: string };
    } catch {
      return;
    }
    if (event.origin !== this.instanceId) this.deliver(event);
  }

  private setHealthy(healthy: boolean, reason?: string): void {
    if (healthy === this.healthy) return;
    this.healthy = healthy;
    if (healthy) {
      this.logger.log('Redis connected: sharing live events with other instances');
      void this.poll().catch(() => undefined);
    } else {
      this.logger.warn(
        `Redis unavailable (${reason ?? 'unknown'}): live events from other instances come from the database until it returns`,
      );
    }
  }

  private async poll(): Promise<void> {
    await this.feeds.poll();
    await this.campaignFeeds.poll();
    await this.sockets.recheck();
  }

  private schedulePoll(): void {
    this.pollTimer = setTimeout(
      () => {
        this.poll()
          .catch((error: Error) => this.logger.warn(`Catch-up poll failed: ${error.message}`))
          .finally(() => {
            if (this.pollTimer) this.schedulePoll();
          });
      },
      this.healthy ? POLL_SAFETY_NET_MS : POLL_WHILE_REDIS_DOWN_MS,
    );
    this.pollTimer.unref();
  }
}
