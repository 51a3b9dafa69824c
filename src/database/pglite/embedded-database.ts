import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Results } from '@electric-sql/pglite';

interface Reply {
  id?: number;
  ready?: boolean;
  result?: unknown;
  error?: Record<string, unknown> & { message: string };
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * Where `npm run build` leaves a migrated, empty database to start from (see scripts/): from
 * dist/src/database/pglite/ (the bundle loads this file from there too) it is
 * dist/pglite-template/; from the sources there is none.
 */
export const PGLITE_TEMPLATE = resolve(import.meta.dirname, '..', '..', '..', 'pglite-template');

const WORKER = new URL('./pglite-worker.mjs', import.meta.url);

/**
 * One embedded PGlite database, run on a thread of its own (see pglite-worker.mjs). It answers
 * PGlite's `query` and `exec`; errors come back with PostgreSQL's fields (code, constraint…) so
 * TypeORM and our exception mapping see what they would from PGlite itself. The thread holds the
 * process open only while a request is pending, as an in-process database would.
 */
export class EmbeddedDatabase {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure?: Error;
  private opening = true;
  readonly ready: Promise<void>;

  constructor(dataDir: string) {
    this.worker = new Worker(WORKER, { workerData: { dataDir, template: PGLITE_TEMPLATE } });
    let opened: Pending | undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      opened = { resolve: () => resolve(), reject };
    });
    // Held open while it opens (a CLI awaits nothing else meanwhile), then only while asked.
    void this.ready
      .catch(() => undefined) // reported to whoever awaits a query instead
      .finally(() => {
        this.opening = false;
        if (this.pending.size === 0) this.worker.unref();
      });
    this.worker.on('message', (reply: Reply) => {
      if (reply.ready === true) opened?.resolve(undefined);
      else if (reply.ready === false) opened?.reject(toError(reply.error!));
      else this.settle(reply);
    });
    this.worker.on('error', (error) => this.fail(error, opened));
    this.worker.on('exit', (code) =>
      this.fail(new Error(`The embedded database's thread exited (code ${code})`), opened),
    );
  }

  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Results<T>> {
    return this.request('query', sql, params) as Promise<Results<T>>;
  }

  exec(sql: string): Promise<Results[]> {
    return this.request('exec', sql) as Promise<Results[]>;
  }

  /** Closes the database cleanly (a copy of its files then starts without recovery). */
  async close(): Promise<void> {
    if (!this.failure) await this.request('close', '');
    await this.worker.terminate();
  }

  private request(op: string, sql: string, params?: unknown[]): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, sql, params });
    });
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.id!);
    if (!waiting) return;
    this.pending.delete(reply.id!);
    if (this.pending.size === 0 && !this.opening) this.worker.unref();
    if (reply.error) waiting.reject(toError(reply.error));
    else waiting.resolve(reply.result);
  }

  private fail(error: Error, opened: Pending | undefined): void {
    this.failure ??= error;
    opened?.reject(error);
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

function toError(plain: Record<string, unknown> & { message: string }): Error {
  const { message, ...fields } = plain;
  return Object.assign(new Error(message), fields);
}

const databases = new Map<string, EmbeddedDatabase>();

function keyOf(dataDir: string): string {
  return dataDir.startsWith('memory://') ? dataDir : resolve(dataDir);
}

/**
 * The process's one database at `dataDir`, started on first use: `main` starts it before loading
 * the application so that the two overlap, and TypeORM's pool finds it open.
 */
export function openEmbeddedDatabase(dataDir: string): EmbeddedDatabase {
  const key = keyOf(dataDir);
  let database = databases.get(key);
  if (!database) {
    database = new EmbeddedDatabase(key);
    databases.set(key, database);
  }
  return database;
}

/** Closes the database at `dataDir` if this process opened it (the next open starts anew). */
export async function closeEmbeddedDatabase(dataDir: string): Promise<void> {
  const key = keyOf(dataDir);
  const database = databases.get(key);
  databases.delete(key);
  await database?.close();
}
