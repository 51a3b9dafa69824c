import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hotPathQuery } from '../database/hot-path-pool.js';
import {
  type BatchItem,
  RECORD_TRANSCRIPTIONS,
  type RecordTranscriptionRow,
} from './transcript-sql.js';

/** Batches at most this many webhooks per transaction. */
const MAX_BATCH = 200;
/** Batches in flight at once on this instance. */
const MAX_IN_FLIGHT = 3;

interface Pending {
  item: BatchItem;
  resolve: (row: RecordTranscriptionRow) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for transcription webhooks. A webhook that finds a free slot is written at once
 * (no added latency when traffic is light); webhooks that arrive while the slots are busy wait
 * for the next one and go together, one round trip and one commit for the lot. Each webhook is
 * answered only after the transaction holding it committed.
 */
@Injectable()
export class TranscriptBatcher {
  private readonly waiting: Pending[] = [];
  private inFlight = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  submit(item: BatchItem): Promise<RecordTranscriptionRow> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      const rows = await hotPathQuery<RecordTranscriptionRow & { r_index: number }>(
        this.dataSource,
        'record_transcriptions',
        RECORD_TRANSCRIPTIONS,
        [JSON.stringify(batch.map((pending) => pending.item))],
      );
      for (const row of rows) batch[row.r_index]!.resolve(row);
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
