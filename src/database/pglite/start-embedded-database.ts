import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { DEFAULT_PGLITE_DIR } from '../../config/embedded-database-dir.js';
import { openEmbeddedDatabase } from './embedded-database.js';

/**
 * Starts the embedded database's thread before the application's modules load, so that the
 * database's start-up (copying the template, PostgreSQL's own start in WebAssembly) overlaps the
 * one to two seconds Node spends loading them; the application then finds it open. It reads the
 * two settings as the configuration will (real variables win over `.env`, which it leaves for
 * the configuration to load) and does nothing when DATABASE_URL names a server.
 */
export function startEmbeddedDatabaseEarly(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV === 'test') return;
  const file = existsSync('.env') ? parseEnv(readFileSync('.env', 'utf8')) : {};
  const setting = (name: string): string | undefined => env[name] ?? file[name];
  if (setting('DATABASE_URL')?.trim()) return;
  openEmbeddedDatabase(setting('PGLITE_DIR') ?? DEFAULT_PGLITE_DIR);
}
