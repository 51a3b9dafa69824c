import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { CallLookupService } from '../calls/record/call-lookup.service.js';
import type { Call } from '../calls/record/call.entity.js';
import { RecordingLinks } from './recording-links.js';
import { requestedRange } from './recording-range.js';
import { RecordingStore } from './recording-store.js';
import { RecordingsException } from './recordings.exception.js';
import { RecordingsRepository } from './recordings.repository.js';

/** A recording (or the requested part of it) ready to stream. */
export interface RecordingBody {
  stream: Readable;
  contentType: string;
  /** Bytes sent. */
  length: number;
  /** `bytes start-end/size` for a 206; absent for the whole recording. */
  contentRange?: string;
}

/** A play is audited once per user and call an hour: a player's seeks are not separate plays. */
const PLAY_AUDIT_WINDOW_MS = 3_600_000;

/** Serving, linking and deleting our copies of call recordings. */
@Injectable()
export class RecordingsService {
  constructor(
    private readonly lookup: CallLookupService,
    private readonly store: RecordingStore,
    private readonly recordings: RecordingsRepository,
    private readonly links: RecordingLinks,
    private readonly audit: AuditTrail,
  ) {}

  /** The call's recording for a signed-in user (audited as a play). */
  async play(identifier: string, range: string | undefined, actor: Actor): Promise<RecordingBody> {
    const call = await this.withRecording(identifier);
    const body = await this.open(call, range);
    await this.auditPlay(call, actor);
    return body;
  }

  /** A short-lived link the console's player can use; handing it out counts as a play. */
  async link(identifier: string, actor: Actor): Promise<{ url: string; expires_at: string }> {
    const call = await this.withRecording(identifier);
    await this.auditPlay(call, actor);
    const { path, expiresAt } = this.links.create(call.callSid);
    return { url: path, expires_at: expiresAt.toISOString() };
  }

  /** What a signed link plays; a wrong or expired link is refused like a missing one. */
  async playLinked(
    callSid: string,
    expires: unknown,
    signature: unknown,
    range: string | undefined,
  ): Promise<RecordingBody> {
    if (!this.links.valid(callSid, expires, signature))
      throw new RecordingsException(
        'INVALID_LINK',
        'This link to a recording is not valid or has expired: open the call again',
      );
    return this.open(await this.withRecording(callSid), range);
  }

  /** Admins only: our copy goes for good (ElevenLabs keeps theirs for its own retention). */
  async delete(identifier: string, actor: Actor): Promise<void> {
    const call = await this.withRecording(identifier);
    // The bytes first: a failure then leaves a recording still listed, never a listed one gone.
    await this.store.delete(call.recordingKey!);
    await this.recordings.forget(call.id);
    await this.audit.record(actor, {
      action: 'recording.deleted',
      target: call.callSid,
      detail: { bytes: Number(call.recordingBytes) },
    });
  }

  private async withRecording(identifier: string): Promise<Call> {
    const call = await this.lookup.get(identifier);
    if (!call.recordingKey)
      throw new RecordingsException('NO_RECORDING', 'No recording for this call');
    return call;
  }

  private async open(call: Call, rangeHeader: string | undefined): Promise<RecordingBody> {
    const size = Number(call.recordingBytes);
    const range = requestedRange(rangeHeader, size);
    if (range === 'unsatisfiable')
      throw new RecordingsException(
        'RANGE_NOT_SATISFIABLE',
        `The recording has ${size} bytes: that range is outside it`,
        { 'content-range': `bytes */${size}` },
      );
    const stream = await this.store.get(call.recordingKey!, range ?? undefined);
    if (!stream) throw new RecordingsException('NO_RECORDING', 'No recording for this call');
    const contentType = call.recordingContentType ?? 'audio/mpeg';
    if (!range) return { stream, contentType, length: size };
    return {
      stream,
      contentType,
      length: range.end - range.start + 1,
      contentRange: `bytes ${range.start}-${range.end}/${size}`,
    };
  }

  private auditPlay(call: Call, actor: Actor): Promise<void> {
    return this.audit.recordOncePer(PLAY_AUDIT_WINDOW_MS, actor, {
      action: 'recording.played',
      target: call.callSid,
    });
  }
}
