import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Call } from '../calls/record/call.entity.js';
import { queryRows } from '../database/sql.js';

/** Every query about calls' recordings. */
@Injectable()
export class RecordingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Ended calls the platform has audio for and we have no copy of (never one deleted). */
  async wanted(limit: number): Promise<number[]> {
    const rows = await queryRows<{ id: number }>(
      this.dataSource.manager,
      `SELECT id FROM calls
        WHERE has_audio AND recording_key IS NULL AND recording_stored_at IS NULL
          AND status <> 'IN_PROGRESS' AND conversation_id IS NOT NULL
        ORDER BY id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  find(callId: number): Promise<Call | null> {
    return this.dataSource.manager.getRepository(Call).findOneBy({ id: callId });
  }

  async stored(callId: number, key: string, bytes: number, contentType: string): Promise<void> {
    await this.dataSource.manager.getRepository(Call).update(callId, {
      recordingKey: key,
      recordingBytes: String(bytes),
      recordingContentType: contentType,
      recordingStoredAt: new Date(),
    });
  }

  /** The platform has no audio for the call after all: stop asking for it. */
  async noAudio(callId: number): Promise<void> {
    await this.dataSource.manager.getRepository(Call).update(callId, { hasAudio: false });
  }

  /** Our copy is gone: never fetched again, and no longer served. */
  async forget(callId: number): Promise<void> {
    await queryRows(
      this.dataSource.manager,
      `UPDATE calls SET recording_key = NULL, recording_bytes = NULL, recording_content_type = NULL,
              recording_stored_at = coalesce(recording_stored_at, now())
        WHERE id = $1`,
      [callId],
    );
  }

  /** Stored recordings older than `before`, oldest first. */
  expired(before: Date, limit: number): Promise<{ id: number; recording_key: string }[]> {
    return queryRows(
      this.dataSource.manager,
      `SELECT id, recording_key FROM calls
        WHERE recording_key IS NOT NULL AND recording_stored_at < $1
        ORDER BY recording_stored_at LIMIT $2`,
      [before, limit],
    );
  }
}
