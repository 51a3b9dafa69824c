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
  /** Whether this socket follows the team's board (`calls`). */
  team = false;
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
    return sendMessage(this.ws, message);
  }
}

/**
 * Every message to a client goes through here, replies and errors included: a socket that has
 * not drained {@link MAX_BUFFERED_BYTES} is dropped instead of buffering more. False when the
 * socket is gone or was dropped.
 */
export function sendMessage(ws: WebSocket, message: ServerMessage): boolean {
  if (ws.readyState !== ws.OPEN) return false;
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
    ws.terminate();
    return false;
  }
  let text = serialized.get(message);
  if (text === undefined) {
    text = JSON.stringify(message);
    serialized.set(message, text);
  }
  ws.send(text);
  return true;
}
