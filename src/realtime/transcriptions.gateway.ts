import type { IncomingMessage } from 'node:http';
import {
  type BeforeApplicationShutdown,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
  UseFilters,
} from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { WebSocket, WebSocketServer as WsServer } from 'ws';
import { InvalidTokenError } from '../auth/principal.js';
import { TokenService } from '../auth/token.service.js';
import { CallLookupService } from '../calls/record/call-lookup.service.js';
import { CallsRepository } from '../calls/record/calls.repository.js';
import { wireStatus } from '../calls/record/call-status.js';
import { AppConfig } from '../config/app-config.js';
import { CallFeeds } from './call-feeds.js';
import { CampaignFeeds, namesCampaign } from './campaign-feeds.js';
import { TeamFeed } from './team-feed.js';
import { RealtimeException } from './realtime.exception.js';
import { RealtimeExceptionFilter } from './realtime-exception.filter.js';
import { rejectSocket, SocketRegistry } from './socket-registry.js';
import { SocketSession } from './socket-session.js';
import { type ClientRequest, type ServerMessage, TEAM_FEED } from './ws-protocol.js';

export const TRANSCRIPTIONS_PATH = '/ws/calls/transcriptions';
const MAX_TIMER_MS = 2 ** 31 - 1;

type SubscribeRequest = Extract<ClientRequest, { action: 'subscribe' }>;
type UnsubscribeRequest = Extract<ClientRequest, { action: 'unsubscribe' }>;

/**
 * Part 5, on the HTTP port, speaking the contract's own frames through {@link ContractWsAdapter}.
 * The token is checked at the handshake; each socket then subscribes to calls by call_sid or
 * conversation_id, and to campaigns by campaign_id. It only listens: what it sends comes from {@link CallFeeds}, fed by domain
 * events.
 */
@UseFilters(RealtimeExceptionFilter)
@WebSocketGateway({ path: TRANSCRIPTIONS_PATH, maxPayload: 256 * 1024, perMessageDeflate: false })
export class TranscriptionsGateway
  implements
    OnGatewayConnection<WebSocket>,
    OnGatewayDisconnect<WebSocket>,
    OnModuleInit,
    OnModuleDestroy,
    BeforeApplicationShutdown
{
  private readonly logger = new Logger('TranscriptionsGateway');
  private heartbeat?: NodeJS.Timeout;

  @WebSocketServer()
  private readonly server!: WsServer;

  constructor(
    private readonly tokens: TokenService,
    private readonly lookup: CallLookupService,
    private readonly calls: CallsRepository,
    private readonly feeds: CallFeeds,
    private readonly campaignFeeds: CampaignFeeds,
    private readonly teamFeed: TeamFeed,
    private readonly config: AppConfig,
    private readonly sessions: SocketRegistry,
  ) {}

  onModuleInit(): void {
    this.heartbeat = setInterval(() => this.checkHeartbeats(), this.config.wsHeartbeatMs);
    this.heartbeat.unref();
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
    for (const ws of this.server?.clients ?? []) ws.terminate();
  }

  handleConnection(ws: WebSocket, request: IncomingMessage): void {
    const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
    let session: SocketSession;
    try {
      session = new SocketSession(ws, this.tokens.verify(token));
    } catch (error) {
      const reason = error instanceof InvalidTokenError ? error.message : 'Authentication failed';
      rejectSocket(ws, reason);
      return;
    }
    this.sessions.add(session);
    // Until the database has admitted the token, the socket's messages wait (see subscribe).
    session.admitted = this.tokens.admit(session.principal).then(
      () => true,
      (error: Error) => {
        if (error instanceof InvalidTokenError) rejectSocket(ws, error.message);
        // The database could not say (it is restarting): come back shortly, token unjudged.
        else ws.close(1013, 'Try again later');
        return false;
      },
    );
    const expiresIn = session.principal.exp * 1000 - Date.now();
    session.expiryTimer = setTimeout(
      () => rejectSocket(ws, 'Token has expired'),
      Math.min(Math.max(expiresIn, 0), MAX_TIMER_MS),
    );
    session.expiryTimer.unref();
    ws.on('pong', () => (session.alive = true));
  }

  handleDisconnect(ws: WebSocket): void {
    const session = this.sessions.delete(ws);
    if (!session) return;
    clearTimeout(session.expiryTimer);
    this.feeds.unsubscribeAll(session);
    this.campaignFeeds.unsubscribeAll(session);
    this.teamFeed.unsubscribe(session);
  }

  @SubscribeMessage('subscribe')
  async subscribe(
    @ConnectedSocket() ws: WebSocket,
    @MessageBody() request: SubscribeRequest,
  ): Promise<void> {
    const session = this.sessions.get(ws);
    if (!session || !(await session.admitted)) return;
    if (request.identifier === TEAM_FEED) {
      if (!session.team) this.checkRoomFor(session);
      await this.teamFeed.subscribe(session);
      return;
    }
    if (namesCampaign(request.identifier)) {
      if (!session.campaigns.has(request.identifier)) this.checkRoomFor(session);
      await this.campaignFeeds.subscribe(session, request.identifier);
      return;
    }
    const call = await this.lookup.get(request.identifier);
    if (!session.subscriptions.has(call.id)) this.checkRoomFor(session);
    session.send({
      type: 'subscription_confirmed',
      identifier: request.identifier,
      call_sid: call.callSid,
      conversation_id: call.conversationId,
      status: wireStatus(call.status),
    });
    await this.feeds.subscribe(session, call, request.since);
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(
    @ConnectedSocket() ws: WebSocket,
    @MessageBody() request: UnsubscribeRequest,
  ): Promise<ServerMessage | undefined> {
    const session = this.sessions.get(ws);
    if (!session || !(await session.admitted)) return undefined;
    if (request.identifier === TEAM_FEED) {
      this.teamFeed.unsubscribe(session);
      return { type: 'unsubscribe_confirmed', identifier: request.identifier };
    }
    if (namesCampaign(request.identifier)) {
      this.campaignFeeds.unsubscribe(session, request.identifier);
      return { type: 'unsubscribe_confirmed', identifier: request.identifier };
    }
    const call = await this.calls.findByIdentifier(request.identifier);
    if (call) this.feeds.unsubscribe(session, call.id);
    return { type: 'unsubscribe_confirmed', identifier: request.identifier };
  }

  /** A socket follows at most WS_MAX_SUBSCRIPTIONS calls and campaigns; the ones it has stay. */
  private checkRoomFor(session: SocketSession): void {
    const { maxSubscriptions } = this.config.wsLimits;
    const following = session.subscriptions.size + session.campaigns.size + (session.team ? 1 : 0);
    if (following >= maxSubscriptions)
      throw new RealtimeException(
        'TOO_MANY_SUBSCRIPTIONS',
        `This socket already follows ${maxSubscriptions} calls and campaigns, the most one may; unsubscribe from one first`,
      );
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
