import { existsSync } from 'node:fs';

/** Loads `.env` for entry points that run outside Nest (CLI scripts). Real env vars win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
