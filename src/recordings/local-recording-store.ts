import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ByteRange, RecordingStore } from './recording-store.js';

/**
 * Recordings as files under RECORDINGS_DIR: written to a temporary name and renamed when
 * complete, so a reader never sees half a recording and a crash leaves no stored one behind.
 */
export class LocalRecordingStore extends RecordingStore {
  private readonly root: string;

  constructor(dir: string) {
    super();
    this.root = resolve(dir);
  }

  private pathOf(key: string): string {
    if (!/^[A-Za-z0-9/_.-]+$/.test(key) || key.includes('..'))
      throw new Error(`Not a recording key: ${key}`);
    return join(this.root, key);
  }

  async put(key: string, audio: Readable, _contentType: string): Promise<{ bytes: number }> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.partial-${randomBytes(6).toString('hex')}`;
    try {
      await pipeline(audio, createWriteStream(partial, { flags: 'wx' }));
      const { size } = await stat(partial);
      await rename(partial, path);
      return { bytes: size };
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    const path = this.pathOf(key);
    try {
      await stat(path);
    } catch {
      return null;
    }
    return createReadStream(path, range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** Half-written files of an instance that died mid-download (a live write is never that old). */
  override async tidy(olderThanMs: number): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.root, { recursive: true });
    } catch {
      return;
    }
    const cutoff = Date.now() - olderThanMs;
    for (const name of names.filter((entry) => entry.includes('.partial-'))) {
      const path = join(this.root, name);
      const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Infinity }));
      if (mtimeMs < cutoff) await rm(path, { force: true });
    }
  }
}
