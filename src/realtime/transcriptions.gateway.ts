import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { InvalidTokenError } from '../auth/principal.js';
import { TokenService } from '../auth/token.service.js';
import { CallsRepository } from '../calls/calls.repository.js';
import { AppConfig } from '../config/app-config.js';
import { wireStatus } from '../calls/entities/call-status.js';
import { CallFeeds } from './call-feeds.js';
import { SocketSession } from './socket-session.js';
import { parseClientMessage, type ServerMessage } from './ws-protocol.js';

export const TRANSCRIPTIONS_PATH = '/ws/calls/transcriptions';
/** Close code for a missing, invalid or expired token. */
export const AUTH_FAILED_CLOSE = 4401;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Part 5, on the HTTP port. Speaks the contract's own protocol (`{"subscribe": id}`), not Nest's
 * `{event, data}` framing, over a plain `ws` server: Nest's gateway adapter builds an rxjs
 * pipeline per connection (about 20 KB a socket, measured), which 10,000 idle sockets cannot
 * afford. It only listens: what it sends comes from {@link CallFeeds}, fed by domain events.
 */
@Injectable()
export class TranscriptionsGateway
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown
{
  private readonly logger = new Logger('TranscriptionsGateway');
  private readonly sessions = new Map<WebSocket, SocketSession>();
  private heartbeat?: NodeJS.Timeout;

  private readonly server = new WebSocketServer({
    noServer: true,
    maxPayload: 256 * 1024,
    perMessageDeflate: false,
  });

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly tokens: TokenService,
    private readonly calls: CallsRepository,
    private readonly feeds: CallFeeds,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.heartbeat = setInterval(() => this.checkHeartbeats(), this.config.wsHeartbeatMs);
    this.heartbeat.unref();
  }

  onApplicationBootstrap(): void {
    const httpServer = this.adapterHost.httpAdapter.getHttpServer() as Server;
    httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== TRANSCRIPTIONS_PATH) {
        socket.destroy();
        return;
      }
      this.server.handleUpgrade(request, socket, head, (ws) => {
        ws.once('close', () => this.handleDisconnect(ws));
        ws.on('error', () => ws.terminate());
        this.handleConnection(ws, request);
      });
    });
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
  }

  /** Graceful shutdown: tell clients to come back (1001) before the server goes away. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const session of this.sessions.values()) session.ws.close(1001, 'Server shutting down');
    // Wait up to 2 s for the closing handshakes, then drop whoever did not answer.
    await new Promise<void>((resolve) => {
      const done = () => {
        clearInterval(check);
        clearTimeout(deadline);
        resolve();
      };
      const deadline = setTimeout(done, 2000);
      const check = setInterval(() => this.sessions.size === 0 && done(), 20);
    });
    for (const ws of this.server.clients) ws.terminate();
  }

  handleConnection(ws: WebSocket, request: IncomingMessage): void {
    const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
    let session: SocketSession;
    try {
      session = new SocketSession(ws, this.tokens.verify(token));
    } catch (error) {
      const reason = error instanceof InvalidTokenError ? error.message : 'Authentication failed';
      this.reject(ws, reason);
      return;
    }
    this.sessions.set(ws, session);
    const expiresIn = session.principal.exp * 1000 - Date.now();
    session.expiryTimer = setTimeout(
      () => this.reject(ws, 'Token has expired'),
      Math.min(Math.max(expiresIn, 0), MAX_TIMER_MS),
    );
    session.expiryTimer.unref();
    ws.on('pong', () => (session.alive = true));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      session.queue = session.queue
        .then(() => this.onMessage(session, data, isBinary))
        .catch((error: Error) => {
          this.logger.error(`Handling a message failed: ${error.message}`);
          session.send({
            type: 'error',
            code: 'INVALID_MESSAGE',
            message: 'The server could not handle this message; try again',
          });
        });
    });
  }

  handleDisconnect(ws: WebSocket): void {
    const session = this.sessions.get(ws);
    if (!session) return;
    this.sessions.delete(ws);
    clearTimeout(session.expiryTimer);
    this.feeds.unsubscribeAll(session);
  }

  private reject(ws: WebSocket, reason: string): void {
    const message: ServerMessage = {
      type: 'error',
      code: 'AUTHENTICATION_FAILED',
      message: reason,
    };
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    ws.close(AUTH_FAILED_CLOSE, 'Authentication failed');
  }

  private async onMessage(session: SocketSession, data: RawData, isBinary: boolean): Promise<void> {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    const request = isBinary
      ? ({
          action: 'invalid',
          code: 'INVALID_MESSAGE',
          message: 'Binary messages are not supported',
        } as const)
      : parseClientMessage(buffer, buffer.length);
    switch (request.action) {
      case 'invalid':
        session.send({ type: 'error', code: request.code, message: request.message });
        return;
      case 'unsubscribe': {
        const call = await this.calls.findByIdentifier(request.identifier);
        if (call) this.feeds.unsubscribe(session, call.id);
        session.send({ type: 'unsubscribe_confirmed', identifier: request.identifier });
        return;
      }
      case 'subscribe': {
        const call = await this.calls.findByIdentifier(request.identifier);
        if (!call) {
          session.send({
            type: 'error',
            code: 'CALL_NOT_FOUND',
            message: 'Call not found',
            identifier: request.identifier,
          });
          return;
        }
        session.send({
          type: 'subscription_confirmed',
          identifier: request.identifier,
          call_sid: call.callSid,
          conversation_id: call.conversationId,
          status: wireStatus(call.status),
        });
        await this.feeds.subscribe(session, call, request.since);
        return;
      }
    }
  }

  private checkHeartbeats(): void {
    for (const session of this.sessions.values()) {
      if (!session.alive) {
        session.ws.terminate();
        continue;
      }
      session.alive = false;
      session.ws.ping();
    }
  }
}
