import WebSocket from 'ws';
import { parseMonitorEvent, type MonitorTurnEvent } from './monitor-events.js';

/** How a monitoring connection ended. */
export type MonitorEnd =
  /** The platform closed it normally: the conversation is over. */
  | { kind: 'ended' }
  /** Refused at the handshake (403: monitoring not available; 404: not answered yet; ...). */
  | { kind: 'refused'; status: number; detail: string }
  /** Dropped, or never reached: worth another try. */
  | { kind: 'dropped'; detail: string };

/**
 * One connection to `wss://…/v1/convai/conversations/{id}/monitor`: every turn event is handed
 * to `onEvent` in order, and the promise says how the connection ended. `close()` ends it.
 */
export class MonitorSocket {
  private ws?: WebSocket;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly onEvent: (event: MonitorTurnEvent) => void,
  ) {}

  run(connectTimeoutMs: number): Promise<MonitorEnd> {
    return new Promise((resolve) => {
      const ws = new WebSocket(this.url, {
        headers: this.headers,
        handshakeTimeout: connectTimeoutMs,
        perMessageDeflate: false,
      });
      this.ws = ws;
      let settled = false;
      const finish = (end: MonitorEnd) => {
        if (settled) return;
        settled = true;
        resolve(end);
      };
      ws.on('unexpected-response', (_request, response) => {
        let body = '';
        const refused = () => {
          finish({ kind: 'refused', status: response.statusCode ?? 0, detail: body });
          ws.terminate();
        };
        response.on('data', (chunk: Buffer) => (body = (body + chunk.toString()).slice(0, 2000)));
        response.on('end', refused);
        // The refusal's body may never end: the platform (or a proxy) can reset or close the
        // connection mid-way. Unlistened, that reset's error event would crash the process.
        response.on('error', refused);
        response.on('close', refused);
      });
      ws.on('message', (data: WebSocket.RawData) => {
        const event = parseMonitorEvent(data.toString());
        if (event) this.onEvent(event);
      });
      ws.on('error', (error: Error) => finish({ kind: 'dropped', detail: error.message }));
      ws.on('close', (code: number, reason: Buffer) =>
        finish(
          code === 1000
            ? { kind: 'ended' }
            : { kind: 'dropped', detail: `closed ${code} ${reason.toString()}`.trim() },
        ),
      );
    });
  }

  close(): void {
    this.ws?.terminate();
  }
}
