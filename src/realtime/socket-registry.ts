import { Injectable, Logger } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { TokenService } from '../auth/token.service.js';
import { sendMessage } from './socket-session.js';
import type { SocketSession } from './socket-session.js';

/** Close code for a missing, invalid, expired or revoked token. */
export const AUTH_FAILED_CLOSE = 4401;

/**
 * This instance's authenticated sockets. Closes them (4401) when their user's access is revoked:
 * at once on the revocation event, and on every catch-up poll in case an event was missed.
 */
@Injectable()
export class SocketRegistry {
  private readonly logger = new Logger('SocketRegistry');
  private readonly sessions = new Map<WebSocket, SocketSession>();

  constructor(private readonly tokens: TokenService) {}

  get size(): number {
    return this.sessions.size;
  }

  get(ws: WebSocket): SocketSession | undefined {
    return this.sessions.get(ws);
  }

  add(session: SocketSession): void {
    this.sessions.set(session.ws, session);
  }

  delete(ws: WebSocket): SocketSession | undefined {
    const session = this.sessions.get(ws);
    this.sessions.delete(ws);
    return session;
  }

  values(): IterableIterator<SocketSession> {
    return this.sessions.values();
  }

  /** A user's access was revoked: their sockets whose tokens no longer pass are closed. */
  async revoke(sub: string): Promise<void> {
    const theirs = [...this.sessions.values()].filter((session) => session.principal.sub === sub);
    await this.closeRefused(theirs);
  }

  /** Every socket whose token the database would refuse now is closed. */
  async recheck(): Promise<void> {
    await this.closeRefused([...this.sessions.values()]);
  }

  private async closeRefused(sessions: SocketSession[]): Promise<void> {
    if (sessions.length === 0) return;
    const refused = await this.tokens.refused(sessions.map((session) => session.principal));
    for (const session of sessions) {
      if (!refused.has(session.principal)) continue;
      this.logger.log(`Closing a socket of user ${session.principal.sub}: access revoked`);
      rejectSocket(session.ws, 'Token has been revoked');
    }
  }
}

/** AUTHENTICATION_FAILED, then close 4401. */
export function rejectSocket(ws: WebSocket, reason: string): void {
  sendMessage(ws, { type: 'error', code: 'AUTHENTICATION_FAILED', message: reason });
  ws.close(AUTH_FAILED_CLOSE, 'Authentication failed');
}
