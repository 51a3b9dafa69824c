import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { signatureFor } from '../webhook-signature.js';
import {
  buildScript,
  voicemailScript,
  type ScriptTurn,
  type SettledItem,
  summarise,
  topicsFromPrompt,
} from './conversation-script.js';
import type { MonitorHub } from './monitor-hub.js';
import { pythonJson } from './python-json.js';
import type { SimulatedAgents } from './simulated-agents.js';
import {
  collectData,
  conversationToWire,
  DRIVING_CALL_BACK_MINUTES,
  type SimulatedConversation,
  type SimulatedTurn,
} from './simulated-conversation.js';
import type { SimulatedTwilio } from './simulated-twilio.js';
import { reachesVoicemail } from './test-numbers.js';
import { planTransfer, transferScript, transferTools, wantsPerson } from './transfer-script.js';
import { languageDetection, withTools } from './system-tool-calls.js';

/** What a player needs of the simulator that placed the call. */
export interface PlayerOptions {
  webhookSecret: string;
  turnDelayMs: number;
  webhookBaseUrl: () => string | undefined;
  perTurnWebhooks?: boolean;
  log?: (message: string) => void;
}

/**
 * Plays a placed conversation as the platform would: its turns on the live channels (monitoring
 * socket, Twilio transcription, the optional per-turn webhook), the agent's webhook tool calls,
 * then the signed post-call webhooks.
 */
export class ConversationPlayer {
  constructor(
    private readonly options: PlayerOptions,
    private readonly agents: SimulatedAgents,
    private readonly monitors: MonitorHub,
    private readonly twilio: SimulatedTwilio | undefined,
    private readonly stopping: AbortSignal,
  ) {}

  private async pause(ms = this.options.turnDelayMs): Promise<void> {
    await sleep(ms, undefined, { signal: this.stopping });
  }

  async play(conversation: SimulatedConversation): Promise<void> {
    const clientData = conversation.request.conversation_initiation_client_data ?? {};
    const variables = clientData.dynamic_variables ?? {};
    const callSid = typeof variables.call_sid === 'string' ? variables.call_sid : undefined;
    await this.pause();
    if (conversation.behaviour === 'busy' || conversation.behaviour === 'no-answer') {
      conversation.status = 'failed';
      conversation.endedAtMs = Date.now();
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
    const driverName = String(variables.driver_name ?? 'Driver');
    const transfer = planTransfer(
      conversation.behaviour,
      this.agents.transferRules(conversation.agentId),
      variables,
    );
    conversation.transferTool = {
      enabled: this.agents.hasSystemTool(conversation.agentId, 'transfer_to_number'),
      used: transfer !== null && transfer.outcome !== 'unavailable',
    };
    let script: ScriptTurn[];
    if (reachesVoicemail(conversation.behaviour)) {
      const message = this.agents.voicemailMessage(conversation.agentId);
      script = voicemailScript(
        String(variables.driver_name ?? 'the driver'),
        firstMessage,
        message === null ? null : withVariables(message, variables),
      );
      conversation.successful = false;
      if (message !== null) conversation.terminationReason = 'voicemail_detection tool was called.';
    } else if (transfer) {
      const [first] = [
        ...topics.filter((topic) => topic.kind === 'violation'),
        ...topics.filter((topic) => topic.kind === 'reminder'),
      ];
      script = transferScript(driverName, firstMessage, first?.description, transfer);
      conversation.successful = transfer.outcome === 'connected';
    } else {
      const built = buildScript(
        driverName,
        firstMessage,
        topics,
        conversation.behaviour,
        clientData.conversation_config_override?.agent?.language ?? 'en',
        this.agents.hasSystemTool(conversation.agentId, 'language_detection'),
      );
      script = built.turns;
      conversation.language = built.language;
    }
    let timeInCall = 0;
    let toolsCalled: Pick<SimulatedTurn, 'toolCalls' | 'toolResults'> = {};
    for (const [index, turn] of script.entries()) {
      if (index > 0) await this.pause();
      if (turn.detectsLanguage) {
        toolsCalled = languageDetection(turn.detectsLanguage);
        conversation.languageDetected = true;
      }
      if (turn.transfer)
        toolsCalled = withTools(toolsCalled, transferTools(turn.transfer, driverName));
      conversation.turns.push({
        ...turn,
        timeInCallSecs: timeInCall,
        ...(turn.role === 'agent' ? toolsCalled : {}),
      });
      if (turn.role === 'agent') toolsCalled = {};
      timeInCall += 2 + Math.ceil(turn.message.split(/\s+/).length / 2.5);
      conversation.durationSecs = timeInCall;
      await this.announce(conversation, turn, callSid, index);
      if (turn.transfer) this.announceTransfer(conversation, turn.transfer.outcome === 'connected');
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
    conversation.summary = summaryOf(
      conversation,
      String(variables.driver_name ?? 'The driver'),
      topics,
    );
    await this.pause();
    conversation.status = 'done';
    conversation.endedAtMs = Date.now();
    if (conversation.behaviour === 'silent') return;
    await this.sendPostCall('post_call_transcription', conversationToWire(conversation));
    if (!conversation.recorded) return;
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
        body: JSON.stringify({ ...boundValues(tool.boundVariables, conversation), ...params }),
        signal: AbortSignal.any([AbortSignal.timeout(10000), this.stopping]),
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

  /** The monitoring socket's agent_tool_response for the transfer (no number, no reason). */
  private announceTransfer(conversation: SimulatedConversation, connected: boolean): void {
    if (conversation.behaviour === 'silent') return;
    this.monitors.emit(conversation.conversationId, {
      type: 'agent_tool_response',
      agent_tool_response: {
        tool_name: 'transfer_to_number',
        tool_call_id: `call_${randomBytes(8).toString('hex')}`,
        tool_type: 'system',
        is_error: !connected,
        is_called: true,
        event_id: ++conversation.lastEventId,
      },
    });
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
        signal: AbortSignal.any([AbortSignal.timeout(10000), this.stopping]),
      });
      if (!response.ok)
        this.options.log?.(`webhook ${path} answered ${response.status}: ${await response.text()}`);
    } catch (error) {
      if (!this.stopping.aborted)
        this.options.log?.(`webhook ${path} failed: ${(error as Error).message}`);
    }
  }
}

/** What the platform puts in a tool's bound properties: system variables, or the call's own. */
function boundValues(
  bound: Record<string, string>,
  conversation: SimulatedConversation,
): Record<string, unknown> {
  const variables =
    conversation.request.conversation_initiation_client_data?.dynamic_variables ?? {};
  const system: Record<string, unknown> = {
    system__conversation_id: conversation.conversationId,
    system__call_sid: conversation.twilioCallSid,
    system__caller_id: conversation.toNumber,
  };
  return Object.fromEntries(
    Object.entries(bound).map(([property, variable]) => [
      property,
      variable in system ? system[variable] : variables[variable],
    ]),
  );
}

function summaryOf(
  conversation: SimulatedConversation,
  driverName: string,
  topics: ReturnType<typeof topicsFromPrompt>,
): { summary: string; title: string } {
  if (reachesVoicemail(conversation.behaviour))
    return { summary: `The call reached ${driverName}'s voicemail.`, title: 'Voicemail' };
  const person = wantsPerson(conversation.behaviour);
  if (person === 'emergency')
    return {
      summary: `${driverName} reported an accident with someone hurt and was told to call 911; ${conversation.successful ? 'they were put through to the emergency line' : 'the emergency transfer did not go through'}.`,
      title: 'Emergency reported',
    };
  if (person)
    return {
      summary: `${driverName} disputed the first item and asked for a dispatcher; ${conversation.successful ? 'the call was transferred' : 'the transfer did not go through'}.`,
      title: 'Asked for a dispatcher',
    };
  if (conversation.behaviour === 'driving')
    return {
      summary: `${driverName} was driving without hands-free and asked to be called back in ${DRIVING_CALL_BACK_MINUTES} minutes; nothing was discussed.`,
      title: 'Call back later',
    };
  return summarise(driverName, topics, conversation.successful);
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
