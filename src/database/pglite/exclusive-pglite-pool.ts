import { EventEmitter } from 'node:events';
import {
  closeEmbeddedDatabase,
  type EmbeddedDatabase,
  openEmbeddedDatabase,
} from './embedded-database.js';

type QueryCallback = (error: Error | null, result: unknown) => void;
type ReleaseCallback = (error?: unknown) => void;

/**
 * A pg-compatible pool over one embedded PGlite database that hands its single connection to one
 * borrower at a time. typeorm-pglite's own pool gives every borrower the same connection at
 * once, so two concurrent transactions would interleave their statements on it; here a
 * borrower keeps the connection, transaction included, until TypeORM releases it.
 */
export class ExclusivePGlitePool extends EventEmitter {
  private readonly waiters: Array<() => void> = [];
  private busy = false;

  constructor(private readonly dataDir: string) {
    super();
  }

  private async database(): Promise<EmbeddedDatabase> {
    const database = openEmbeddedDatabase(this.dataDir);
    await database.ready;
    return database;
  }

  private acquire(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.busy = false;
  }

  /** Runs `work` with the database to itself (for pg-boss, which speaks to PGlite directly). */
  async exclusively<T>(work: (db: EmbeddedDatabase) => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work(await this.database());
    } finally {
      this.release();
    }
  }

  connect(
    callback: (error: Error | null, client: unknown, release: ReleaseCallback) => void,
  ): void {
    this.acquire()
      .then(() => this.database())
      .then((db) => {
        let released = false;
        const client = Object.assign(new EventEmitter(), {
          query: (sql: string, params?: unknown[] | QueryCallback, cb?: QueryCallback) =>
            runQuery(db, sql, params, cb),
          release: () => {
            if (!released) {
              released = true;
              this.release();
            }
          },
        });
        callback(null, client, () => client.release());
      })
      .catch((error: Error) => {
        this.release();
        callback(error, null, () => undefined);
      });
  }

  query(sql: string, params?: unknown[] | QueryCallback, cb?: QueryCallback): Promise<unknown> {
    return this.acquire().then(async () => {
      try {
        return await runQuery(await this.database(), sql, params, cb);
      } finally {
        this.release();
      }
    });
  }

  end(callback?: (error?: unknown) => void): void {
    closeEmbeddedDatabase(this.dataDir).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }
}

async function runQuery(
  db: EmbeddedDatabase,
  sql: string,
  params: unknown[] | QueryCallback | undefined,
  cb: QueryCallback | undefined,
): Promise<unknown> {
  const callback = typeof params === 'function' ? params : cb;
  const values = typeof params === 'function' ? undefined : params;
  try {
    const result =
      values && values.length > 0
        ? await db.query(sql, values)
        : ((await db.exec(sql)).at(-1) ?? { rows: [], fields: [] });
    const shaped = {
      ...result,
      command: /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase(),
      rowCount: result.affectedRows ?? result.rows.length,
    };
    callback?.(null, shaped);
    return shaped;
  } catch (error) {
    callback?.(error as Error, null);
    if (!callback) throw error;
    return undefined;
  }
}

/** The `driver` object TypeORM's postgres driver expects (`{ Pool }`), bound to one data dir. */
export function pgliteDriverFor(dataDir: string): { Pool: new () => ExclusivePGlitePool } {
  return {
    Pool: class extends ExclusivePGlitePool {
      constructor() {
        super(dataDir);
      }
    },
  };
}
