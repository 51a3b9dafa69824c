import type { Readable } from 'node:stream';

/** A byte range of a stored recording, both ends included (HTTP's Range semantics). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where recordings live: streamed in and out, never whole in memory. Keys are the store's own
 * (one per call); a `put` under an existing key replaces it atomically.
 */
export abstract class RecordingStore {
  /** Stores the stream; resolves with the bytes written once they are durable. */
  abstract put(key: string, audio: Readable, contentType: string): Promise<{ bytes: number }>;
  /** The stored bytes, or the range of them; null when the key holds nothing. */
  abstract get(key: string, range?: ByteRange): Promise<Readable | null>;
  /** Removes the recording; nothing happens when there is none. */
  abstract delete(key: string): Promise<void>;
  /** Clears what a writer killed mid-recording left behind, older than `olderThanMs`. */
  tidy(_olderThanMs: number): Promise<void> {
    return Promise.resolve();
  }
}
