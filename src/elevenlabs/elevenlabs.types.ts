/**
 * ElevenLabs' wire shapes as this service uses them (snake_case, as sent). Only the fields the
 * service reads are typed; everything else is kept untouched in `[key: string]: unknown`.
 * See ../shared/ELEVENLABS.md.
 */
export interface OutboundCallRequest {
  agent_id: string;
  agent_phone_number_id: string;
  to_number: string;
  conversation_initiation_client_data?: {
    dynamic_variables?: Record<string, string | number | boolean>;
    conversation_config_override?: {
      agent?: { prompt?: { prompt: string }; first_message?: string; language?: string };
    };
    user_id?: string;
  };
  call_recording_enabled?: boolean;
  telephony_call_config?: { ringing_timeout_secs?: number };
}

export interface OutboundCallResponse {
  success: boolean;
  message: string;
  conversation_id: string | null;
  callSid: string | null;
  [key: string]: unknown;
}

export type ConversationStatus = 'initiated' | 'in-progress' | 'processing' | 'done' | 'failed';

export interface TranscriptTurn {
  role: 'user' | 'agent' | string;
  message?: string | null;
  time_in_call_secs: number;
  [key: string]: unknown;
}

export interface ConversationMetadata {
  start_time_unix_secs?: number;
  call_duration_secs?: number;
  /** Credits. */
  cost?: number;
  /** US dollars: the LLM price plus the platform price (null for old conversations). */
  cost_fiat?: number | null;
  termination_reason?: string;
  error?: string | null;
  [key: string]: unknown;
}

export interface ConversationAnalysis {
  call_successful?: 'success' | 'failure' | 'unknown' | string;
  transcript_summary?: string;
  call_summary_title?: string;
  [key: string]: unknown;
}

export interface Conversation {
  agent_id?: string;
  conversation_id: string;
  status?: ConversationStatus | string;
  transcript?: TranscriptTurn[] | null;
  metadata?: ConversationMetadata | null;
  analysis?: ConversationAnalysis | null;
  conversation_initiation_client_data?: {
    dynamic_variables?: Record<string, unknown> | null;
    [key: string]: unknown;
  } | null;
  [key: string]: unknown;
}

/** One row of `GET /v1/convai/conversations` (the fields this service reads). */
export interface ConversationSummary {
  agent_id: string;
  conversation_id: string;
  start_time_unix_secs: number;
  status: ConversationStatus | string;
  direction?: 'inbound' | 'outbound' | null;
  [key: string]: unknown;
}

export interface ConversationPage {
  conversations: ConversationSummary[];
  has_more: boolean;
  next_cursor?: string | null;
}

export const FINISHED_CONVERSATION_STATUSES: readonly string[] = ['done', 'failed'];

/** An agent as `GET /v1/convai/agents/{id}` returns it; only what agent:sync reads is typed. */
export interface AgentConfig {
  agent_id?: string;
  name?: string;
  conversation_config?: Record<string, unknown>;
  platform_settings?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A workspace tool (`/v1/convai/tools`). */
export interface WorkspaceTool {
  id: string;
  tool_config: Record<string, unknown> & { name?: string };
  [key: string]: unknown;
}

/** An imported phone number as the platform shows it (the fields this service reads). */
export interface PhoneNumberConfig {
  phone_number_id?: string;
  /** E.164. */
  phone_number?: string;
  assigned_agent?: { agent_id?: string; agent_name?: string } | null;
}

/** A header value kept by the platform as a workspace secret (`POST /v1/convai/secrets`). */
export interface SecretLocator {
  secret_id: string;
}

/** A workspace secret as `GET /v1/convai/secrets` lists it (never with its value). */
export interface WorkspaceSecret {
  secret_id: string;
  name: string;
  [key: string]: unknown;
}
