import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { MonitorSocket } from '../src/elevenlabs/monitor/monitor-socket.js';
import { SIMULATOR_API_KEY, SIMULATOR_WEBHOOK_SECRET } from '../src/config/app-config.js';
import { ElevenLabsSimulator } from '../src/elevenlabs/simulator/elevenlabs-simulator.js';

/**
 * Connection resets around the monitoring socket's handshake. An `error` event nobody listens to
 * crashes the whole process (it once failed the suite with "read ECONNRESET"), so each case here
 * would fail this test file outright before the fix.
 */
describe('monitoring connections that are reset', () => {
  /** A platform that answers each handshake with `answer` (raw bytes), then does `then`. */
  async function platform(
    answer: string,
    then: 'reset' | 'end' | 'nothing',
  ): Promise<{ url: string; close: () => Promise<void> }> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.once('data', () => {
        if (answer) socket.write(answer);
        setTimeout(() => {
          if (then === 'reset') socket.resetAndDestroy();
          if (then === 'end') socket.end();
        }, 20);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `ws://127.0.0.1:${port}/v1/convai/conversations/conv_1/monitor`,
      close: async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  const REFUSAL_HEAD =
    'HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"detail": "moni';

  it.each([
    // A reset refusal may count as dropped (worth another try) or refused: either, but an end.
    ['reset in the middle of a refusal', REFUSAL_HEAD, 'reset' as const, 'refused|dropped'],
    ['closed in the middle of a refusal', REFUSAL_HEAD, 'end' as const, 'refused'],
    ['reset before any answer', '', 'reset' as const, 'dropped'],
    [
      'reset after the upgrade was accepted',
      'HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-accept: x\r\n\r\n',
      'reset' as const,
      'dropped',
    ],
  ])('%s: the connection ends, the process unharmed', async (_name, answer, then, kind) => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const server = await platform(answer, then);
      try {
        const end = await new MonitorSocket(server.url, {}, () => undefined).run(2000);
        expect(kind.split('|')).toContain(end.kind);
        if (end.kind === 'refused') expect(end.status).toBe(403);
      } finally {
        await server.close();
      }
    }
    // Whatever fired late (a reset's error event) has had its chance to crash us.
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  it('the simulator survives clients that reset while it refuses their handshake', async () => {
    const simulator = new ElevenLabsSimulator({
      apiKey: SIMULATOR_API_KEY,
      webhookSecret: SIMULATOR_WEBHOOK_SECRET,
      turnDelayMs: 10,
      webhookBaseUrl: () => undefined,
    });
    await simulator.listen();
    try {
      const { port } = new URL(simulator.url!);
      for (let attempt = 0; attempt < 30; attempt += 1) {
        await new Promise<void>((resolve) => {
          const socket = net.connect(Number(port), '127.0.0.1', () => {
            socket.write(
              `GET /v1/convai/conversations/conv_missing_${attempt}/monitor HTTP/1.1\r\nhost: x\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\nxi-api-key: ${SIMULATOR_API_KEY}\r\n\r\n`,
            );
            // Reset at once, and a little later, so both orders with the refusal occur.
            setTimeout(() => {
              socket.resetAndDestroy();
              resolve();
            }, attempt % 3);
          });
          socket.on('error', () => resolve());
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      const health = await fetch(`${simulator.url}/v1/convai/agents/x`, {
        headers: { 'xi-api-key': SIMULATOR_API_KEY },
      });
      expect(health.status).toBeLessThan(500);
    } finally {
      await simulator.close();
    }
  });
});
