import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port nothing listens on right now (the OS picks it). */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `node dist/bundle/main.mjs` (what `npm start` runs) with the given environment and waits for /health. */
export async function startService(env, { label = 'service', timeoutMs = 30000 } = {}) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/bundle/main.mjs'], {
    env: { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${label} exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  const healthyAfterMs = performance.now() - started;
  if (healthyAfterMs >= timeoutMs)
    throw new Error(`${label} not healthy after ${timeoutMs} ms: ${stderr}`);
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}/ws/calls/transcriptions`,
    healthyAfterMs,
    pid: child.pid,
    rssBytes: () =>
      Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) * 1024,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(10000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
