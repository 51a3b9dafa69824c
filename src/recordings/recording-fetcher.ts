import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AppConfig } from '../config/app-config.js';
import { ConversationAudioClient } from '../elevenlabs/conversation-audio.client.js';
import { ElevenLabsError } from '../elevenlabs/elevenlabs.error.js';
import { RECORDING_AVAILABLE, type DomainEventMap } from '../events/domain-events.js';
import { jobIdFor } from '../jobs/job-id.js';
import { JobQueue } from '../jobs/job-queue.js';
import { RecordingStore } from './recording-store.js';
import { RecordingsRepository } from './recordings.repository.js';

export const RECORDING_FETCH_JOB = 'recording-fetch';
export const RECORDING_SWEEP_JOB = 'recording-sweep';
export const RECORDING_RETENTION_JOB = 'recording-retention';
const SWEEP_SECONDS = 300;
const RETENTION_SECONDS = 3600;
/** Longer than any download: a partial file this old was left by an instance that died. */
const STALE_PARTIAL_MS = 6 * 3_600_000;
const SWEEP_BATCH = 200;

/** The store's key for a call's recording. */
export const recordingKeyOf = (callId: number, contentType: string) =>
  `calls/${Math.floor(callId / 1000)}/${callId}${contentType === 'audio/mpeg' ? '.mp3' : ''}`;

/**
 * Keeps our own copy of every recording: when a call's audio becomes available a job on the
 * durable queue streams it from ElevenLabs into the RecordingStore (retried with backoff; a job
 * cut off by a restart runs again), and a sweep every five minutes queues any the event missed.
 * One job per call: its id is derived from the call.
 */
@Injectable()
export class RecordingFetcher implements OnModuleInit {
  private readonly logger = new Logger('Recordings');

  constructor(
    private readonly jobs: JobQueue,
    private readonly audio: ConversationAudioClient,
    private readonly store: RecordingStore,
    private readonly recordings: RecordingsRepository,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ callId: number }>({
      name: RECORDING_FETCH_JOB,
      localConcurrency: 2,
      queue: {
        retryLimit: 8,
        retryDelay: 30,
        retryBackoff: true,
        // Past the download's own limit: a job held by an instance that died is retried then.
        expireInSeconds: this.config.recordings.fetchTimeoutSeconds + 10,
        deleteAfterSeconds: 7 * 86_400,
      },
      handle: ({ callId }) => this.fetch(callId),
    });
    this.jobs.define({
      name: RECORDING_SWEEP_JOB,
      everySeconds: SWEEP_SECONDS,
      queue: { retryLimit: 0, expireInSeconds: 300, deleteAfterSeconds: 3600 },
      handle: () => this.sweep(),
    });
    this.jobs.define({
      name: RECORDING_RETENTION_JOB,
      everySeconds: RETENTION_SECONDS,
      queue: { retryLimit: 0, expireInSeconds: 3600, deleteAfterSeconds: 86_400 },
      handle: async () => {
        const removed = await this.expire();
        if (removed) this.logger.log(`Deleted ${removed} recording(s) past retention`);
      },
    });
  }

  @OnEvent(RECORDING_AVAILABLE)
  onAvailable(event: DomainEventMap[typeof RECORDING_AVAILABLE]): void {
    this.queue(event.callId).catch((error: Error) =>
      this.logger.warn(`Queueing the recording of call ${event.callId} failed: ${error.message}`),
    );
  }

  queue(callId: number): Promise<string | null> {
    return this.jobs.send(
      RECORDING_FETCH_JOB,
      { callId },
      { id: jobIdFor(`recording-fetch:${callId}`) },
    );
  }

  async sweep(): Promise<void> {
    for (const callId of await this.recordings.wanted(SWEEP_BATCH)) await this.queue(callId);
    await this.store.tidy(STALE_PARTIAL_MS);
  }

  /** Streams the call's audio into the store; throws (and is retried) when it cannot. */
  async fetch(callId: number): Promise<void> {
    const call = await this.recordings.find(callId);
    if (!call?.conversationId || call.recordingKey || call.recordingStoredAt) return;
    const signal = AbortSignal.timeout(this.config.recordings.fetchTimeoutSeconds * 1000);
    let audio;
    try {
      audio = await this.audio.open(call.conversationId, signal);
    } catch (error) {
      // The platform has none (deleted, or never recorded): nothing to retry.
      if (error instanceof ElevenLabsError && (error.status === 404 || error.status === 422)) {
        await this.recordings.noAudio(call.id);
        this.logger.warn(`No recording for ${call.callSid} at ElevenLabs (${error.reason})`);
        return;
      }
      throw error;
    }
    const key = recordingKeyOf(call.id, audio.contentType);
    const { bytes } = await this.store.put(key, audio.stream, audio.contentType);
    await this.recordings.stored(call.id, key, bytes, audio.contentType);
    this.logger.log(`Stored the recording of ${call.callSid} (${bytes} bytes)`);
  }

  /** Retention: recordings older than RECORDING_RETENTION_DAYS go, oldest first. */
  async expire(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.config.recordings.retentionDays * 86_400_000);
    let removed = 0;
    for (;;) {
      const batch = await this.recordings.expired(before, SWEEP_BATCH);
      for (const { id, recording_key: key } of batch) {
        await this.store.delete(key);
        await this.recordings.forget(id);
        removed += 1;
      }
      if (batch.length < SWEEP_BATCH) return removed;
    }
  }
}
