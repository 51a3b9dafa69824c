// Scratch: the CSV export's memory on a month of 100k calls. Not committed.
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import jwt from 'jsonwebtoken';
import { csvExport } from './lib/fleet.mjs';

const url = process.env.DATABASE_URL;
const JWT_SECRET = 'x'.repeat(48);
const extra = (process.env.EXP_NODE_ARGS ?? '').split(' ').filter(Boolean);
const out = openSync('/tmp/csvexp/service.log', 'w');
const child = spawn(process.execPath, [...extra, 'dist/src/main.js'], {
  env: { ...process.env, DATABASE_URL: url, JWT_SECRET, PORT: '3311', LOG_LEVEL: 'warn', NODE_ENV: 'development', MIGRATIONS_RUN: 'true' },
  stdio: ['ignore', out, out],
});
const base = 'http://127.0.0.1:3311';
for (;;) {
  try { if ((await fetch(`${base}/health`)).ok) break; } catch {}
  await sleep(100);
}
const token = jwt.sign({ sub: 'bench', role: 'admin' }, JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });
const headers = { authorization: `Bearer ${token}` };
const service = {
  rssBytes: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) * 1024,
};
await sleep(1000);
for (let run = 0; run < Number(process.env.EXP_RUNS ?? 2); run++) {
  const result = await csvExport(base, headers, service);
  console.log(JSON.stringify({ run, rows: result.rows, mb: Math.round(result.bytes / 1e6), rowsPerSecond: Math.round(result.rowsPerSecond), growthMb: Math.round(result.growthMb), rssAfter: Math.round(service.rssBytes() / 1e6) }));
}
child.kill('SIGTERM');
