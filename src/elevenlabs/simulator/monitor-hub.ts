import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SimulatedAgents } from './simulated-agents.js';
import type { SimulatedConversation } from './simulated-conversation.js';

/** What the platform replays to a monitor that connects mid-call. */
const REPLAYED_EVENTS = 100;
const MONITOR_PATH = /^\/v1\/convai\/conversations\/([^/]+)\/monitor$/;

/** A monitoring event as the platform sends it in JSON mode (no timestamp). */
export type MonitorEvent =
  | {
      type: 'user_transcript';
      user_transcription_event: { user_transcript: string; event_id: number };
    }
  | { type: 'agent_response'; agent_response_event: { agent_response: string; event_id: number } }
  | {
      type: 'agent_response_correction';
      agent_response_correction_event: {
        original_agent_response: string;
        corrected_agent_response: string;
        event_id: number;
      };
    }
  | {
      type: 'agent_tool_response';
      agent_tool_response: {
        tool_name: string;
        tool_call_id: string;
        tool_type: string;
        is_error: boolean;
        is_called: boolean;
        event_id: number;
      };
    };

interface Feed {
  events: MonitorEvent[];
  sockets: Set<WebSocket>;
}

function refuse(socket: Duplex, status: number, reason: string, message: string): void {
  const body = JSON.stringify({ detail: { status: reason, message } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * The conversation monitoring WebSocket (`/v1/convai/conversations/{id}/monitor`), as ELEVENLABS.md
 * §6 describes it: `xi-api-key` auth, 403 unless the agent has monitoring enabled, only once the
 * call was answered, the last 100 events replayed on connect, only the agent's chosen event
 * types, no timestamps, closed when the conversation ends.
 */
export class MonitorHub {
  private readonly server = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly feeds = new Map<string, Feed>();
  /** Each connection attempt's answer per conversation: 101 accepted, else the refusal status. */
  readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly apiKey: string,
    private readonly agents: SimulatedAgents,
    private readonly conversation: (id: string) => SimulatedConversation | undefined,
  ) {}

  attach(httpServer: Server): void {
    httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(request, socket, head),
    );
  }

  /** A conversation's event: kept for replay and sent to its monitors. */
  emit(conversationId: string, event: MonitorEvent): void {
    const feed = this.feedOf(conversationId);
    feed.events.push(event);
    if (feed.events.length > REPLAYED_EVENTS) feed.events.shift();
    const agentId = this.conversation(conversationId)?.agentId;
    if (!agentId || !this.agents.monitoring(agentId).events.includes(event.type)) return;
    const text = JSON.stringify(event);
    for (const ws of feed.sockets) ws.send(text);
  }

  /** The conversation is over: its monitors are closed normally. */
  end(conversationId: string): void {
    for (const ws of this.feeds.get(conversationId)?.sockets ?? [])
      ws.close(1000, 'conversation ended');
  }

  /** Test control: every monitor connection dropped without a closing handshake. */
  dropAll(): number {
    let dropped = 0;
    for (const feed of this.feeds.values()) {
      for (const ws of feed.sockets) {
        ws.terminate();
        dropped++;
      }
    }
    return dropped;
  }

  get openConnections(): number {
    let open = 0;
    for (const feed of this.feeds.values()) open += feed.sockets.size;
    return open;
  }

  close(): void {
    this.dropAll();
    this.server.close();
  }

  private feedOf(conversationId: string): Feed {
    let feed = this.feeds.get(conversationId);
    if (!feed) {
      feed = { events: [], sockets: new Set() };
      this.feeds.set(conversationId, feed);
    }
    return feed;
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node hands an upgrade's socket over with no error listener: a client resetting it (while
    // being refused, say) would otherwise crash the process with ECONNRESET.
    socket.on('error', () => socket.destroy());
    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    const match = MONITOR_PATH.exec(path);
    if (!match) {
      refuse(socket, 404, 'not_found', 'Not found');
      return;
    }
    if (request.headers['xi-api-key'] !== this.apiKey) {
      refuse(socket, 401, 'invalid_api_key', 'Invalid API key');
      return;
    }
    const conversationId = decodeURIComponent(match[1]!);
    const answers = this.attempts.get(conversationId) ?? [];
    this.attempts.set(conversationId, answers);
    const conversation = this.conversation(conversationId);
    if (!conversation || conversation.status !== 'in-progress') {
      answers.push(404);
      refuse(
        socket,
        404,
        'conversation_not_found',
        `Conversation ${conversationId} is not in progress`,
      );
      return;
    }
    const monitoring = this.agents.monitoring(conversation.agentId);
    if (!monitoring.enabled) {
      answers.push(403);
      refuse(
        socket,
        403,
        'monitoring_not_enabled',
        'Conversation monitoring is not enabled for this agent (an Enterprise feature)',
      );
      return;
    }
    answers.push(101);
    this.server.handleUpgrade(request, socket, head, (ws) => {
      const feed = this.feedOf(conversationId);
      for (const event of feed.events)
        if (monitoring.events.includes(event.type)) ws.send(JSON.stringify(event));
      feed.sockets.add(ws);
      ws.on('close', () => feed.sockets.delete(ws));
      ws.on('error', () => ws.terminate());
    });
  }
}
