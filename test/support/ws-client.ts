import WebSocket from 'ws';

export interface WsClient {
  ws: WebSocket;
  messages: Record<string, unknown>[];
  send(message: unknown): void;
  /** Resolves with the first message (from `from` on) matching, or rejects after the timeout. */
  waitFor(
    predicate: (message: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
  /** Errors after the socket opened (a reset, say): recorded, so a test can assert on them. */
  errors: Error[];
  close(): void;
}

export async function connectWs(url: string, token?: string): Promise<WsClient> {
  const ws = new WebSocket(token === undefined ? url : `${url}?token=${encodeURIComponent(token)}`);
  const messages: Record<string, unknown>[] = [];
  const listeners = new Set<() => void>();
  ws.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as Record<string, unknown>);
    for (const listener of listeners) listener();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const errors: Error[] = [];
  ws.on('error', (error) => errors.push(error));
  return {
    ws,
    errors,
    messages,
    closed,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    waitFor: (predicate, timeoutMs = 10000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (found) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `No matching WebSocket message within ${timeoutMs} ms; got ${JSON.stringify(messages.slice(-5))}`,
            ),
          );
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    close: () => ws.close(),
  };
}
