import { randomBytes } from 'node:crypto';
import type { OutboundCallRequest } from '../elevenlabs.types.js';
import type { ScriptTurn, SettledItem } from './conversation-script.js';
import type { SimulatedBehaviour } from './test-numbers.js';

export interface SimulatedTurn extends ScriptTurn {
  timeInCallSecs: number;
  /** Webhook tools the agent called before saying this, as the transcript shows them. */
  toolCalls?: Record<string, unknown>[];
  toolResults?: Record<string, unknown>[];
}

/** One conversation the simulator is playing or has played, in its own words. */
export interface SimulatedConversation {
  conversationId: string;
  twilioCallSid: string;
  streamSid: string;
  agentId: string;
  phoneNumberId: string;
  toNumber: string;
  behaviour: SimulatedBehaviour;
  /** `inbound`: the driver phoned the agent (toNumber is then the caller's number). */
  direction: 'outbound' | 'inbound';
  request: OutboundCallRequest;
  status: 'initiated' | 'in-progress' | 'processing' | 'done' | 'failed';
  startUnix: number;
  /** When the outbound call was accepted, and when the conversation was over (milliseconds). */
  placedAtMs: number;
  endedAtMs?: number;
  turns: SimulatedTurn[];
  durationSecs: number;
  successful: boolean;
  /** The agent records audio (`platform_settings.privacy.record_voice`, true unless turned off). */
  recorded: boolean;
  summary?: { summary: string; title: string };
  failureReason?: 'busy' | 'no-answer';
  /** How the call ended, when not by the driver hanging up. */
  terminationReason?: string;
  /** Monitoring events sent so far (their event_id). */
  lastEventId: number;
  /** What the driver committed to, item by item (for the data collection). */
  settled: SettledItem[];
  /** The language spoken (`metadata.main_language`): the call's, or the one detected mid-call. */
  language: string;
  /** The agent switched language with its language_detection tool. */
  languageDetected?: boolean;
  /** `features_usage.transfer_to_number`: the agent has the tool, and called it. */
  transferTool?: { enabled: boolean; used: boolean };
  /** `analysis.data_collection_results`, for the ids the agent collects. */
  dataCollection?: Record<string, unknown>;
}

/** A conversation as the platform starts it: no turns yet, its ids made up. */
export function newConversation(
  fields: Pick<
    SimulatedConversation,
    'agentId' | 'phoneNumberId' | 'toNumber' | 'behaviour' | 'direction' | 'request' | 'recorded'
  >,
): SimulatedConversation {
  return {
    ...fields,
    conversationId: newConversationId(),
    twilioCallSid: newTwilioSid('CA'),
    streamSid: newTwilioSid('MZ'),
    status: 'initiated',
    startUnix: Math.floor(Date.now() / 1000),
    placedAtMs: Date.now(),
    turns: [],
    durationSecs: 0,
    successful: fields.behaviour !== 'unsuccessful',
    lastEventId: 0,
    settled: [],
    language: 'en',
  };
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function randomId(length: number): string {
  return Array.from(randomBytes(length), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

export function newConversationId(): string {
  return `conv_${randomId(28)}`;
}

export function newTwilioSid(prefix: 'CA' | 'MZ'): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

export const SIMULATED_AGENT_NUMBER = '+12196541187';

/** The conversation as `GET /v1/convai/conversations/{id}` returns it: every field ElevenLabs sends. */
export function conversationToWire(conversation: SimulatedConversation): Record<string, unknown> {
  const clientData = conversation.request.conversation_initiation_client_data ?? {};
  const finished = conversation.status === 'done' || conversation.status === 'failed';
  const audio = finished && !conversation.failureReason && conversation.recorded;
  const cost = Math.round(conversation.durationSecs * 12.5);
  // About $0.09 a minute, LLM included; like the platform, dollars beside the credits.
  const costFiat = Math.round(conversation.durationSecs * 0.0015 * 10_000) / 10_000;
  return {
    agent_id: conversation.agentId,
    agent_name: 'Dispatch Voice (simulated)',
    conversation_id: conversation.conversationId,
    status: conversation.status,
    user_id: clientData.user_id ?? null,
    branch_id: null,
    version_id: null,
    transcript: conversation.turns.map((turn) => transcriptTurnToWire(conversation, turn)),
    metadata: {
      start_time_unix_secs: conversation.startUnix,
      accepted_time_unix_secs: conversation.startUnix,
      call_duration_secs: conversation.durationSecs,
      cost,
      cost_fiat: finished ? costFiat : null,
      deletion_settings: {
        deletion_time_unix_secs: null,
        deleted_logs_at_time_unix_secs: null,
        deleted_audio_at_time_unix_secs: null,
        deleted_transcript_at_time_unix_secs: null,
        delete_transcript_and_pii: false,
        delete_audio: false,
      },
      feedback: {
        type: null,
        overall_score: null,
        likes: 0,
        dislikes: 0,
        rating: null,
        comment: null,
      },
      authorization_method: 'signed_url',
      charging: {
        dev_discount: false,
        tier: 'pro',
        llm_price: 0.0012,
        llm_charge: 3,
        call_charge: cost,
        free_minutes_consumed: 0,
        free_llm_dollars_consumed: 0,
      },
      phone_call: {
        type: 'twilio',
        direction: conversation.direction,
        phone_number_id: conversation.phoneNumberId,
        agent_number: SIMULATED_AGENT_NUMBER,
        external_number: conversation.toNumber,
        stream_sid: conversation.streamSid,
        call_sid: conversation.twilioCallSid,
      },
      batch_call: null,
      termination_reason: finished
        ? conversation.failureReason
          ? `Call failed: ${conversation.failureReason}`
          : (conversation.terminationReason ?? 'Call ended by remote party')
        : '',
      error: conversation.failureReason
        ? `Call could not be connected: ${conversation.failureReason}`
        : null,
      warnings: [],
      main_language: conversation.language,
      rag_usage: null,
      text_only: false,
      features_usage: {
        language_detection: {
          enabled: conversation.languageDetected ?? false,
          used: conversation.languageDetected ?? false,
        },
        transfer_to_agent: { enabled: false, used: false },
        transfer_to_number: conversation.transferTool ?? { enabled: false, used: false },
        multivoice: { enabled: false, used: false },
        dtmf_tones: { enabled: false, used: false },
        external_mcp_servers: { enabled: false, used: false },
        pii_zrm_workspace: false,
        pii_zrm_agent: false,
        tool_dynamic_variable_updates: { enabled: false, used: false },
        is_livekit: false,
        voicemail_detection: { enabled: false, used: false },
        workflow: {
          enabled: false,
          tool_node: { enabled: false, used: false },
          standalone_agent_node: { enabled: false, used: false },
          phone_number_node: { enabled: false, used: false },
          end_node: { enabled: false, used: false },
        },
        agent_testing: {
          enabled: false,
          tests_ran_after_last_modification: false,
          tests_ran_in_last_7_days: false,
        },
      },
      eleven_assistant: { is_eleven_assistant: false },
      initiator_id: null,
      conversation_initiation_source: 'twilio',
      conversation_initiation_source_version: null,
      timezone: null,
      initiation_trigger: { trigger_type: 'default' },
      async_metadata: null,
      whatsapp: null,
      agent_created_from: 'ui',
      agent_last_updated_from: 'ui',
    },
    analysis:
      conversation.status === 'done'
        ? {
            evaluation_criteria_results: {},
            data_collection_results: conversation.dataCollection ?? {},
            call_successful: conversation.successful ? 'success' : 'failure',
            transcript_summary: conversation.summary?.summary ?? '',
            call_summary_title: conversation.summary?.title ?? '',
          }
        : null,
    conversation_initiation_client_data: {
      conversation_config_override: {
        agent: {
          prompt: clientData.conversation_config_override?.agent?.prompt ?? null,
          first_message: clientData.conversation_config_override?.agent?.first_message ?? null,
          language: clientData.conversation_config_override?.agent?.language ?? 'en',
        },
        tts: { voice_id: null },
      },
      custom_llm_extra_body: {},
      user_id: clientData.user_id ?? null,
      source_info: { source: null, version: null },
      dynamic_variables: clientData.dynamic_variables ?? {},
    },
    has_audio: audio,
    has_user_audio: audio,
    has_response_audio: audio,
    has_auxiliary_audio: false,
  };
}

function transcriptTurnToWire(
  conversation: SimulatedConversation,
  turn: SimulatedTurn,
): Record<string, unknown> {
  const agent = turn.role === 'agent';
  return {
    role: turn.role,
    agent_metadata: agent
      ? { agent_id: conversation.agentId, branch_id: null, workflow_node_id: null }
      : null,
    message: turn.message,
    multivoice_message: null,
    tool_calls: turn.toolCalls ?? [],
    tool_results: turn.toolResults ?? [],
    feedback: null,
    llm_override: null,
    time_in_call_secs: turn.timeInCallSecs,
    conversation_turn_metrics: agent
      ? {
          metrics: {
            convai_llm_service_ttfb: { elapsed_time: 0.21 },
            convai_tts_service_ttfb: { elapsed_time: 0.38 },
          },
        }
      : { metrics: { convai_asr_trailing_service_latency: { elapsed_time: 0.03 } } },
    rag_retrieval_info: null,
    llm_usage: agent
      ? {
          model_usage: {
            'gemini-2.0-flash': {
              input: { tokens: 900, price: 0.00009 },
              input_cache_read: { tokens: 0, price: 0 },
              input_cache_write: { tokens: 0, price: 0 },
              output_total: { tokens: 40, price: 0.000016 },
            },
          },
        }
      : null,
    interrupted: false,
    original_message: null,
    source_medium: agent ? null : 'audio',
  };
}

/**
 * What the platform's data collection extracts for each id the agent collects, consistent with
 * the conversation: item_{n}_outcome / _eta_minutes / _note per item (an item nobody settled was
 * not discussed), driver_opt_out, needs_dispatcher and driver_language.
 */
/** What the `driving` test number's driver asks for: a call back in this many minutes. */
export const DRIVING_CALL_BACK_MINUTES = 20;

export function collectData(
  ids: string[],
  conversation: Pick<SimulatedConversation, 'settled' | 'successful' | 'behaviour' | 'language'>,
  itemCount: number,
): Record<string, unknown> {
  const valueOf = (id: string): unknown => {
    const match = /^item_(\d+)_(outcome|eta_minutes|note)$/.exec(id);
    if (match) {
      const n = Number(match[1]);
      if (n > itemCount) return null;
      const settled = conversation.settled.find((entry) => entry.item === n);
      if (match[2] === 'outcome') return settled?.outcome ?? 'not_discussed';
      if (match[2] === 'eta_minutes') return settled?.eta_minutes ?? null;
      return settled?.note ?? null;
    }
    if (id === 'driver_opt_out') return conversation.behaviour === 'opt-out';
    if (id === 'needs_dispatcher') return !conversation.successful;
    if (id === 'driver_language') return conversation.language;
    if (id === 'call_back_in_minutes')
      return conversation.behaviour === 'driving' ? DRIVING_CALL_BACK_MINUTES : null;
    return null;
  };
  return Object.fromEntries(
    ids.map((id) => [
      id,
      { data_collection_id: id, value: valueOf(id), json_schema: null, rationale: 'simulated' },
    ]),
  );
}

/** Test control: ends the conversation at once after `turns` more alternating lines. */
export function finishWithExtraTurns(conversation: SimulatedConversation, turns: number): void {
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
  conversation.endedAtMs = Date.now();
  conversation.summary ??= {
    summary: `A ${conversation.turns.length}-turn conversation.`,
    title: 'Long call',
  };
}
