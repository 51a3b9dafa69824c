import { once, setMaxListeners } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { OutboundCallRequest } from '../elevenlabs.types.js';
import { agentRoutes } from './agent-routes.js';
import { conversationListRoutes } from './conversation-list.js';
import { ConversationPlayer } from './conversation-player.js';
import { InboundCaller } from './inbound-caller.js';
import { MonitorHub } from './monitor-hub.js';
import { SimulatedAgents } from './simulated-agents.js';
import {
  conversationToWire,
  finishWithExtraTurns,
  newConversation,
  type SimulatedConversation,
} from './simulated-conversation.js';
import { SimulatedTwilio, type TwilioCredentials } from './simulated-twilio.js';
import { conversationAudioRoutes, conversationNotFound } from './conversation-audio-route.js';
import { routeOf } from './request-routes.js';
import { NO_FAULTS, type SimulatorFaults } from './simulator-faults.js';
import { behaviourFor, type SimulatedBehaviour, TEST_NUMBERS } from './test-numbers.js';

export interface SimulatorOptions {
  apiKey: string;
  webhookSecret: string;
  /** Pause between conversation turns (and before the post-call webhooks). */
  turnDelayMs: number;
  /** Base URL webhooks go to, e.g. `http://127.0.0.1:3000`; read when each webhook is sent. */
  webhookBaseUrl: () => string | undefined;
  /**
   * Also send the seed's per-turn Part 2 webhook. The real platform has none; this stands for a
   * relay that sends them (ELEVENLABS_LIVE_SOURCE=webhook).
   */
  perTurnWebhooks?: boolean;
  /** The customer's Twilio account, for Real-Time Transcription on the calls it places. */
  twilio?: TwilioCredentials;
  /**
   * The account's concurrent-call limit: an outbound call placed while this many conversations
   * are live is refused as the platform refuses it (429 `concurrent_limit_exceeded`).
   */
  concurrencyLimit?: number;
  log?: (message: string) => void;
}

/** Faults a test can switch on: every API request is slowed, answered with an error, or dropped. */

/**
 * A stand-in for ElevenLabs that speaks its wire format over real HTTP: the outbound-call POST,
 * the conversation GET, and signed webhooks (transcription turns, then post-call) for every
 * call it "places". See TEST_NUMBERS for numbers that fail on purpose.
 */
export class ElevenLabsSimulator {
  readonly app = express();
  private server?: Server;
  /** Where it listens, once it does. */
  url?: string;
  private readonly conversations = new Map<string, SimulatedConversation>();
  /** `busy-once` numbers: the drivers already called on each. */
  private readonly calledOnce = new Set<string>();
  private readonly stopping = new AbortController();
  private faults: SimulatorFaults = { ...NO_FAULTS };
  /** Requests received per route, for tests that count (e.g. that a POST was not retried). */
  readonly requestCounts = new Map<string, number>();
  readonly agents = new SimulatedAgents();
  readonly monitors: MonitorHub;
  private readonly twilio?: SimulatedTwilio;
  private readonly player: ConversationPlayer;
  /** Drivers phoning the agent back. */
  readonly inbound: InboundCaller;

  constructor(private readonly options: SimulatorOptions) {
    // Every pending turn and webhook listens for the stop.
    setMaxListeners(0, this.stopping.signal);
    this.monitors = new MonitorHub(options.apiKey, this.agents, (id) => this.conversations.get(id));
    if (options.twilio) {
      this.twilio = new SimulatedTwilio(
        options.twilio,
        (callSid) => [...this.conversations.values()].find((c) => c.twilioCallSid === callSid),
        this.stopping.signal,
        options.log,
      );
    }
    this.player = new ConversationPlayer(
      options,
      this.agents,
      this.monitors,
      this.twilio,
      this.stopping.signal,
    );
    this.inbound = new InboundCaller(
      this.agents,
      (conversation) => this.start(conversation),
      this.stopping.signal,
      options.log,
    );
    this.app.disable('x-powered-by');
    this.app.use((req, _res, next) => {
      const key = `${req.method} ${routeOf(req.path)}`;
      this.requestCounts.set(key, (this.requestCounts.get(key) ?? 0) + 1);
      next();
    });
    this.app.get('/_simulator/test-numbers', (_req, res) => res.json(TEST_NUMBERS));
    this.app.get('/_simulator/requests', (_req, res) =>
      res.json(Object.fromEntries(this.requestCounts)),
    );
    this.app.put('/_simulator/faults', express.json(), (req, res) => {
      this.setFaults(req.body as Partial<SimulatorFaults>);
      res.json(this.faults);
    });
    this.app.post('/_simulator/inbound-calls', express.json(), (req, res) => {
      const { agent_id: agentId, from } = (req.body ?? {}) as {
        agent_id?: unknown;
        from?: unknown;
      };
      if (typeof agentId !== 'string' || typeof from !== 'string') {
        res.status(422).json({ detail: 'agent_id and from (the caller, E.164) are required' });
        return;
      }
      void this.inbound.call(agentId, from).then((conversation) => res.json(conversation));
    });
    this.app.post('/_simulator/conversations/:id/finish', express.json(), (req, res) =>
      this.finishWithTurns(req, res),
    );
    if (this.twilio) this.app.use(this.twilio.router);
    this.app.use('/v1', (req, res, next) => void this.applyFaults(req, res, next));
    this.app.use('/v1', (req, res, next) => this.checkApiKey(req, res, next));
    this.app.use('/v1/convai', agentRoutes(this.agents));
    this.app.use(
      '/v1/convai',
      conversationListRoutes(() => this.conversations.values()),
    );
    this.app.post(
      '/v1/convai/twilio/outbound-call',
      express.json({ limit: '1mb' }),
      (req, res) => void this.outboundCall(req, res),
    );
    this.app.use(
      '/v1/convai',
      conversationAudioRoutes(
        (id) => this.conversations.get(id),
        () => this.faults,
      ),
    );
    this.app.get('/v1/convai/conversations/:id', (req, res) => this.getConversation(req, res));
    this.app.use((_req: Request, res: Response) =>
      res.status(404).json({ detail: { status: 'not_found', message: 'Not found' } }),
    );
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = this.app.listen(port, host);
    this.monitors.attach(this.server);
    await once(this.server, 'listening');
    const address = this.server.address() as AddressInfo;
    this.url = `http://${host}:${address.port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.stopping.abort();
    this.monitors.close();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  setFaults(faults: Partial<SimulatorFaults>): void {
    this.faults = { ...this.faults, ...faults };
  }

  clearFaults(): void {
    this.faults = { ...NO_FAULTS };
  }

  /** The most conversations that were live (initiated, not yet done or failed) at one time. */
  peakLiveConversations = 0;
  /** Conversations placed and maybe still live (pruned when counted). */
  private readonly maybeLive = new Set<SimulatedConversation>();

  /** Conversations not yet done or failed. */
  private liveCount(): number {
    for (const conversation of this.maybeLive)
      if (conversation.status === 'done' || conversation.status === 'failed')
        this.maybeLive.delete(conversation);
    return this.maybeLive.size;
  }

  private countLive(): void {
    this.peakLiveConversations = Math.max(this.peakLiveConversations, this.liveCount());
  }

  /** Every conversation so far, in the order they were placed. */
  get allConversations(): SimulatedConversation[] {
    return [...this.conversations.values()];
  }

  /** Callbacks being played now. */
  get liveInboundCount(): number {
    let live = 0;
    for (const conversation of this.conversations.values())
      if (conversation.direction === 'inbound' && !['done', 'failed'].includes(conversation.status))
        live += 1;
    return live;
  }

  get conversationCount(): number {
    return this.conversations.size;
  }

  conversation(conversationId: string): SimulatedConversation | undefined {
    return this.conversations.get(conversationId);
  }

  /** Resolves once the conversation has sent its last webhook (or immediately if unknown). */
  async finished(conversationId: string, timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const conversation = this.conversations.get(conversationId);
      if (!conversation || conversation.status === 'done' || conversation.status === 'failed')
        return;
      await sleep(10);
    }
    throw new Error(
      `Simulated conversation ${conversationId} did not finish within ${timeoutMs} ms`,
    );
  }

  /**
   * Test control: ends a conversation at once with `turns` more alternating turns (for example a
   * 1,000-turn call to fetch), without sending webhooks.
   */
  private finishWithTurns(req: Request, res: Response): void {
    const conversation = this.conversations.get(String(req.params.id));
    const turns = Number((req.body as { turns?: unknown } | undefined)?.turns ?? 0);
    if (!conversation || !Number.isSafeInteger(turns) || turns < 0 || turns > 100_000) {
      res.status(404).json({
        detail: { status: 'not_found', message: 'Unknown conversation or bad turn count' },
      });
      return;
    }
    finishWithExtraTurns(conversation, turns);
    res.json({ conversation_id: conversation.conversationId, turns: conversation.turns.length });
  }

  private async applyFaults(req: Request, res: Response, next: NextFunction): Promise<void> {
    const { latencyMs, errorStatus, down, malformed } = this.faults;
    if (down) {
      req.socket.destroy();
      return;
    }
    if (latencyMs > 0)
      await sleep(latencyMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    if (errorStatus) {
      res
        .status(errorStatus)
        .json({ detail: { status: 'simulated_fault', message: `Simulated ${errorStatus} fault` } });
      return;
    }
    if (malformed) {
      res.status(200).json({ unexpected: 'shape' });
      return;
    }
    next();
  }

  private checkApiKey(req: Request, res: Response, next: NextFunction): void {
    if (req.header('xi-api-key') !== this.options.apiKey) {
      res.status(401).json({ detail: { status: 'invalid_api_key', message: 'Invalid API key' } });
      return;
    }
    next();
  }

  private async outboundCall(req: Request, res: Response): Promise<void> {
    const body = (req.body ?? {}) as Partial<OutboundCallRequest>;
    const missing = (['agent_id', 'agent_phone_number_id', 'to_number'] as const).filter(
      (field) => typeof body[field] !== 'string' || !body[field],
    );
    if (missing.length > 0) {
      res.status(422).json({
        detail: missing.map((field) => ({
          loc: ['body', field],
          msg: 'field required',
          type: 'value_error.missing',
        })),
      });
      return;
    }
    const request = body as OutboundCallRequest;
    const refused = this.agents.refusedOverrides(request);
    if (refused.length > 0) {
      res.status(400).json({
        detail: {
          status: 'override_not_allowed',
          message: `The agent does not allow overriding ${refused.join(', ')}; enable these overrides in the agent's security settings`,
        },
      });
      return;
    }
    const behaviour = this.behaviourOf(request);
    if (behaviour === 'server-error') {
      res.status(500).json({
        detail: {
          status: 'internal_error',
          message: 'An internal error occurred while placing the call',
        },
      });
      return;
    }
    const limit = this.options.concurrencyLimit;
    if (behaviour === 'rate-limited' || (limit !== undefined && this.liveCount() >= limit)) {
      res.status(429).setHeader('retry-after', '0');
      res.json({
        detail: { status: 'concurrent_limit_exceeded', message: 'Too many concurrent requests' },
      });
      return;
    }
    if (behaviour === 'hang') {
      await Promise.race([once(req.socket, 'close'), once(this.stopping.signal, 'abort')]).catch(
        () => undefined,
      );
      return;
    }
    const conversation = newConversation({
      agentId: request.agent_id,
      phoneNumberId: request.agent_phone_number_id,
      toNumber: request.to_number,
      behaviour,
      direction: 'outbound',
      request,
      recorded: this.agents.recordsVoice(request.agent_id),
    });
    this.start(conversation);
    const late = this.faults.outboundAnswerDelayMs;
    if (late > 0)
      await sleep(late, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    res.json({
      success: true,
      message: 'Call initiated successfully',
      conversation_id: conversation.conversationId,
      callSid: conversation.twilioCallSid,
    });
  }

  /** The conversation goes on: live events, tool calls, post-call webhooks. */
  private start(conversation: SimulatedConversation): void {
    this.conversations.set(conversation.conversationId, conversation);
    this.maybeLive.add(conversation);
    this.countLive();
    void this.player
      .play(conversation)
      .then(() => this.afterCall(conversation))
      .catch((error: Error) => this.options.log?.(`simulated call failed: ${error.message}`));
  }

  /** The `voicemail-then-callback` driver hears the message and phones the agent back. */
  private async afterCall(conversation: SimulatedConversation): Promise<void> {
    if (
      conversation.behaviour !== 'voicemail-then-callback' ||
      conversation.direction !== 'outbound'
    )
      return;
    await sleep(this.options.turnDelayMs * 3, undefined, { signal: this.stopping.signal });
    await this.inbound.call(conversation.agentId, conversation.toNumber);
  }

  private behaviourOf(request: OutboundCallRequest): SimulatedBehaviour {
    const behaviour = behaviourFor(request.to_number);
    if (behaviour !== 'busy-once') return behaviour;
    const data = request.conversation_initiation_client_data;
    const key = `${request.to_number}|${data?.user_id ?? String(data?.dynamic_variables?.driver_id ?? '')}`;
    if (this.calledOnce.has(key)) return 'normal';
    this.calledOnce.add(key);
    return 'busy';
  }

  private getConversation(req: Request, res: Response): void {
    const conversation = this.conversations.get(String(req.params.id));
    if (!conversation) {
      conversationNotFound(res, String(req.params.id));
      return;
    }
    res.json(conversationToWire(conversation));
  }
}
