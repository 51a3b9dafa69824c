import type { WebSocket } from 'ws';
import type { Principal } from '../auth/principal.js';
import type { ServerMessage } from './ws-protocol.js';

/** A socket that has not drained this much is too slow: it is dropped and resumes on reconnect. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface Subscription {
  session: SocketSession;
  callId: number;
  /** Last sequence_number sent on this socket. */
  cursor: number;
  /** status_version of the last call_status sent (or known when subscribing). */
  statusSent: number;
}

const serialized = new WeakMap<object, string>();

/** One authenticated WebSocket and what it is subscribed to. */
export class SocketSession {
  readonly subscriptions = new Map<number, Subscription>();
  /** Campaigns (by campaign_id) this socket follows. */
  readonly campaigns = new Set<string>();
  alive = true;
  /** Client messages are handled one after another so replies keep their order. */
  queue: Promise<void> = Promise.resolve();
  expiryTimer?: NodeJS.Timeout;
  /** Whether the database admitted the token (its user enabled, the token not revoked). */
  admitted: Promise<boolean> = Promise.resolve(true);

  constructor(
    readonly ws: WebSocket,
    readonly principal: Principal,
  ) {}

  /** False when the socket is gone or was dropped for being too slow. */
  send(message: ServerMessage): boolean {
    if (this.ws.readyState !== this.ws.OPEN) return false;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.ws.terminate();
      return false;
    }
    let text = serialized.get(message);
    if (text === undefined) {
      text = JSON.stringify(message);
      serialized.set(message, text);
    }
    this.ws.send(text);
    return true;
  }
}
