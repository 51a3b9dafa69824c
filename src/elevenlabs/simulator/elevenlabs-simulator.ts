import { randomBytes } from 'node:crypto';
import { once, setMaxListeners } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { OutboundCallRequest } from '../elevenlabs.types.js';
import { signatureFor } from '../webhook-signature.js';
import {
  buildScript,
  voicemailScript,
  type ScriptTurn,
  type SettledItem,
  summarise,
  topicsFromPrompt,
} from './conversation-script.js';
import { MonitorHub } from './monitor-hub.js';
import { pythonJson } from './python-json.js';
import { SimulatedAgents } from './simulated-agents.js';
import {
  collectData,
  conversationToWire,
  newConversationId,
  newTwilioSid,
  type SimulatedConversation,
  type SimulatedTurn,
} from './simulated-conversation.js';
import { SimulatedTwilio, type TwilioCredentials } from './simulated-twilio.js';
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
  log?: (message: string) => void;
}

/** Faults a test can switch on: every API request is slowed, answered with an error, or dropped. */
export interface SimulatorFaults {
  latencyMs: number;
  errorStatus: number | null;
  down: boolean;
  /** Answer 200 with a body that is not what ElevenLabs sends. */
  malformed: boolean;
  /**
   * An outbound call's answer is this late while the call already goes on: its webhooks (a busy
   * line's `call_initiation_failure`, say) can arrive before the dialler knows its conversation.
   */
  outboundAnswerDelayMs: number;
}

const NO_FAULTS: SimulatorFaults = {
  latencyMs: 0,
  errorStatus: null,
  down: false,
  malformed: false,
  outboundAnswerDelayMs: 0,
};

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
    this.app.post('/_simulator/conversations/:id/finish', express.json(), (req, res) =>
      this.finishWithTurns(req, res),
    );
    if (this.twilio) this.app.use(this.twilio.router);
    this.app.use('/v1', (req, res, next) => void this.applyFaults(req, res, next));
    this.app.use('/v1', (req, res, next) => this.checkApiKey(req, res, next));
    this.app.get('/v1/convai/agents/:id', (req, res) => {
      res.json(this.agents.get(String(req.params.id)));
    });
    this.app.post('/v1/convai/tools', express.json({ limit: '1mb' }), (req, res) => {
      const config = (req.body as { tool_config?: unknown } | undefined)?.tool_config;
      if (!config || typeof config !== 'object') {
        res.status(422).json({
          detail: [
            { loc: ['body', 'tool_config'], msg: 'field required', type: 'value_error.missing' },
          ],
        });
        return;
      }
      res.json(this.agents.createTool(config as Record<string, unknown>));
    });
    this.app.get('/v1/convai/tools', (_req, res) => res.json({ tools: this.agents.listTools() }));
    this.app.patch('/v1/convai/tools/:id', express.json({ limit: '1mb' }), (req, res) => {
      const config = (req.body as { tool_config?: unknown } | undefined)?.tool_config;
      const tool =
        config && typeof config === 'object'
          ? this.agents.updateTool(String(req.params.id), config as Record<string, unknown>)
          : undefined;
      if (!tool) {
        res.status(404).json({ detail: { status: 'tool_not_found', message: 'Tool not found' } });
        return;
      }
      res.json(tool);
    });
    this.app.patch('/v1/convai/agents/:id', express.json({ limit: '1mb' }), (req, res) => {
      const patch = req.body as unknown;
      if (!patch || typeof patch !== 'object' || Array.isArray(patch)) {
        res.status(422).json({
          detail: [{ loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' }],
        });
        return;
      }
      res.json(this.agents.patch(String(req.params.id), patch as Record<string, unknown>));
    });
    this.app.post(
      '/v1/convai/twilio/outbound-call',
      express.json({ limit: '1mb' }),
      (req, res) => void this.outboundCall(req, res),
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

  private countLive(): void {
    let live = 0;
    for (const conversation of this.conversations.values())
      if (conversation.status !== 'done' && conversation.status !== 'failed') live += 1;
    this.peakLiveConversations = Math.max(this.peakLiveConversations, live);
  }

  /** Every conversation so far, in the order they were placed. */
  get allConversations(): SimulatedConversation[] {
    return [...this.conversations.values()];
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
    let timeInCall = conversation.durationSecs;
    for (let i = 0; i < turns; i++) {
      conversation.turns.push({
        role: i % 2 === 0 ? 'agent' : 'user',
        message: `${i % 2 === 0 ? 'Agent' : 'Driver'} line ${conversation.turns.length + 1}`,
        timeInCallSecs: timeInCall,
      });
      timeInCall += 2;
    }
    conversation.durationSecs = timeInCall;
    conversation.status = 'done';
    conversation.summary ??= {
      summary: `A ${conversation.turns.length}-turn conversation.`,
      title: 'Long call',
    };
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
    if (behaviour === 'rate-limited') {
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
    const conversation: SimulatedConversation = {
      conversationId: newConversationId(),
      twilioCallSid: newTwilioSid('CA'),
      streamSid: newTwilioSid('MZ'),
      agentId: request.agent_id,
      phoneNumberId: request.agent_phone_number_id,
      toNumber: request.to_number,
      behaviour,
      request,
      status: 'initiated',
      startUnix: Math.floor(Date.now() / 1000),
      turns: [],
      durationSecs: 0,
      successful: behaviour !== 'unsuccessful',
      lastEventId: 0,
      settled: [],
    };
    this.conversations.set(conversation.conversationId, conversation);
    this.countLive();
    void this.play(conversation).catch((error: Error) =>
      this.options.log?.(`simulated call failed: ${error.message}`),
    );
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
      res.status(404).json({
        detail: {
          status: 'conversation_not_found',
          message: `Conversation ${String(req.params.id)} was not found`,
        },
      });
      return;
    }
    res.json(conversationToWire(conversation));
  }

  private async pause(ms = this.options.turnDelayMs): Promise<void> {
    await sleep(ms, undefined, { signal: this.stopping.signal });
  }

  private async play(conversation: SimulatedConversation): Promise<void> {
    const clientData = conversation.request.conversation_initiation_client_data ?? {};
    const variables = clientData.dynamic_variables ?? {};
    const callSid = typeof variables.call_sid === 'string' ? variables.call_sid : undefined;
    await this.pause();
    if (conversation.behaviour === 'busy' || conversation.behaviour === 'no-answer') {
      conversation.status = 'failed';
      conversation.failureReason = conversation.behaviour;
      await this.sendPostCall('call_initiation_failure', {
        agent_id: conversation.agentId,
        conversation_id: conversation.conversationId,
        failure_reason: conversation.behaviour,
        metadata: { type: 'twilio', body: twilioStatusBody(conversation) },
      });
      return;
    }
    conversation.status = 'in-progress';
    const topics = topicsFromPrompt(clientData.conversation_config_override?.agent?.prompt?.prompt);
    const firstMessage = clientData.conversation_config_override?.agent?.first_message;
    let script: ScriptTurn[];
    if (conversation.behaviour === 'voicemail') {
      const message = this.agents.voicemailMessage(conversation.agentId);
      script = voicemailScript(
        String(variables.driver_name ?? 'the driver'),
        firstMessage,
        message === null ? null : withVariables(message, variables),
      );
      conversation.successful = false;
      if (message !== null) conversation.terminationReason = 'voicemail_detection tool was called.';
    } else {
      script = buildScript(
        String(variables.driver_name ?? 'Driver'),
        firstMessage,
        topics,
        conversation.behaviour,
      );
    }
    let timeInCall = 0;
    let toolsCalled: Pick<SimulatedTurn, 'toolCalls' | 'toolResults'> = {};
    for (const [index, turn] of script.entries()) {
      if (index > 0) await this.pause();
      conversation.turns.push({
        ...turn,
        timeInCallSecs: timeInCall,
        ...(turn.role === 'agent' ? toolsCalled : {}),
      });
      if (turn.role === 'agent') toolsCalled = {};
      timeInCall += 2 + Math.ceil(turn.message.split(/\s+/).length / 2.5);
      conversation.durationSecs = timeInCall;
      await this.announce(conversation, turn, callSid, index);
      if (turn.settles) {
        conversation.settled.push(turn.settles);
        toolsCalled = await this.callTools(conversation, turn.settles);
      }
    }
    conversation.status = 'processing';
    conversation.dataCollection = collectData(
      this.agents.dataCollectionIds(conversation.agentId),
      conversation,
      topics.length,
    );
    this.monitors.end(conversation.conversationId);
    await this.twilio?.stopped(conversation);
    conversation.summary =
      conversation.behaviour === 'voicemail'
        ? {
            summary: `The call reached ${String(variables.driver_name ?? 'the driver')}'s voicemail.`,
            title: 'Voicemail',
          }
        : summarise(String(variables.driver_name ?? 'The driver'), topics, conversation.successful);
    await this.pause();
    conversation.status = 'done';
    if (conversation.behaviour === 'silent') return;
    await this.sendPostCall('post_call_transcription', conversationToWire(conversation));
    await this.sendPostCall('post_call_audio', {
      agent_id: conversation.agentId,
      conversation_id: conversation.conversationId,
      full_audio: Buffer.from(`ID3 simulated audio for ${conversation.conversationId}`).toString(
        'base64',
      ),
    });
  }

  /**
   * The agent records the item the driver just settled with its `record_item_outcome` webhook
   * tool, when the agent has one, as the platform calls a webhook tool: the tool's URL, method
   * and headers, and a body of the LLM's parameters with `conversation_id` filled in.
   */
  private async callTools(
    conversation: SimulatedConversation,
    settled: SettledItem,
  ): Promise<Pick<SimulatedTurn, 'toolCalls' | 'toolResults'>> {
    const tool = this.agents
      .webhookToolsOf(conversation.agentId)
      .find((candidate) => candidate.name === 'record_item_outcome');
    if (!tool) return {};
    const params = {
      item: settled.item,
      outcome: settled.outcome,
      note: settled.note,
      ...(settled.eta_minutes !== undefined ? { eta_minutes: settled.eta_minutes } : {}),
    };
    const requestId = `call_${randomBytes(8).toString('hex')}`;
    const started = performance.now();
    let result: string;
    let isError: boolean;
    try {
      const response = await fetch(tool.url, {
        method: tool.method,
        headers: { 'content-type': 'application/json', ...tool.headers },
        body: JSON.stringify({ conversation_id: conversation.conversationId, ...params }),
        signal: AbortSignal.any([AbortSignal.timeout(10000), this.stopping.signal]),
      });
      result = await response.text();
      isError = !response.ok;
    } catch (error) {
      result = (error as Error).message;
      isError = true;
    }
    if (isError) this.options.log?.(`tool ${tool.name} failed: ${result}`);
    return {
      toolCalls: [
        {
          type: 'webhook',
          request_id: requestId,
          tool_name: tool.name,
          params_as_json: JSON.stringify(params),
          tool_has_been_called: true,
          tool_details: null,
        },
      ],
      toolResults: [
        {
          type: 'webhook',
          request_id: requestId,
          tool_name: tool.name,
          result_value: result,
          is_error: isError,
          tool_has_been_called: true,
          tool_latency_secs: (performance.now() - started) / 1000,
        },
      ],
    };
  }

  /** A turn was said: the live channels hear of it as the platform's would. */
  private async announce(
    conversation: SimulatedConversation,
    turn: ScriptTurn,
    callSid: string | undefined,
    index: number,
  ): Promise<void> {
    if (conversation.behaviour === 'silent') return;
    const eventId = ++conversation.lastEventId;
    const id = conversation.conversationId;
    if (turn.role === 'user') {
      this.monitors.emit(id, {
        type: 'user_transcript',
        user_transcription_event: { user_transcript: turn.message, event_id: eventId },
      });
    } else if (turn.interruptedTail) {
      const intended = `${turn.message} ${turn.interruptedTail}`;
      this.monitors.emit(id, {
        type: 'agent_response',
        agent_response_event: { agent_response: intended, event_id: eventId },
      });
      this.monitors.emit(id, {
        type: 'agent_response_correction',
        agent_response_correction_event: {
          original_agent_response: intended,
          corrected_agent_response: turn.message,
          event_id: eventId,
        },
      });
    } else {
      this.monitors.emit(id, {
        type: 'agent_response',
        agent_response_event: { agent_response: turn.message, event_id: eventId },
      });
    }
    await this.twilio?.said(conversation, turn.role, turn.message);
    const lost = conversation.behaviour === 'lossy' && index % 3 === 2;
    if (this.options.perTurnWebhooks && !lost) {
      await this.sendWebhook(
        '/webhooks/elevenlabs/transcription',
        JSON.stringify({
          ...(callSid ? { call_sid: callSid } : { conversation_id: id }),
          speaker: turn.role,
          message: turn.message,
          timestamp: new Date().toISOString(),
        }),
      );
    }
  }

  private sendPostCall(type: string, data: Record<string, unknown>): Promise<void> {
    return this.sendWebhook(
      '/webhooks/elevenlabs/post-call',
      pythonJson({ type, event_timestamp: Math.floor(Date.now() / 1000), data }),
    );
  }

  private async sendWebhook(path: string, body: string): Promise<void> {
    const base = this.options.webhookBaseUrl();
    if (!base) return;
    const signature = signatureFor(body, this.options.webhookSecret, Math.floor(Date.now() / 1000));
    try {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'elevenlabs-signature': signature },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(10000), this.stopping.signal]),
      });
      if (!response.ok)
        this.options.log?.(`webhook ${path} answered ${response.status}: ${await response.text()}`);
    } catch (error) {
      if (!this.stopping.signal.aborted)
        this.options.log?.(`webhook ${path} failed: ${(error as Error).message}`);
    }
  }
}

/** Request counts group a route's ids together. */
function routeOf(path: string): string {
  if (path.startsWith('/v1/convai/conversations/')) return '/v1/convai/conversations/:id';
  if (path.startsWith('/v1/convai/agents/')) return '/v1/convai/agents/:id';
  if (path.startsWith('/v1/convai/tools/')) return '/v1/convai/tools/:id';
  return path;
}

/** `{{name}}` replaced by the call's dynamic variable, as the platform does in agent texts. */
function withVariables(text: string, variables: Record<string, unknown>): string {
  return text.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (match, name: string) =>
    variables[name] === undefined ? match : String(variables[name]),
  );
}

function twilioStatusBody(conversation: SimulatedConversation): Record<string, string> {
  return {
    Called: conversation.toNumber,
    Direction: 'outbound-api',
    Timestamp: new Date().toUTCString().replace('GMT', '+0000'),
    CallbackSource: 'call-progress-events',
    SipResponseCode: conversation.failureReason === 'busy' ? '486' : '480',
    SequenceNumber: '2',
    CallSid: conversation.twilioCallSid,
    To: conversation.toNumber,
    ApiVersion: '2010-04-01',
    CallStatus: conversation.failureReason ?? 'failed',
    Duration: '0',
    From: '+12196541187',
    CallDuration: '0',
    AccountSid: 'ACsimulated00000000000000000000000',
    Caller: '+12196541187',
  };
}
