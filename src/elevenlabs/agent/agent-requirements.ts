import { isDeepStrictEqual } from 'node:util';
import {
  CALL_COLLECTION_IDS,
  itemCollectionId,
  MAX_ITEMS_PER_CALL,
} from '../../item-vocabulary/data-collection-ids.js';
import { ITEM_OUTCOMES } from '../../item-vocabulary/item-outcomes.js';
import type { LiveSource } from '../../config/app-config.js';
import type { SecretLocator } from '../elevenlabs.types.js';
import { TRANSFER_VARIABLES } from '../../escalation/transfer-route.js';

/** The monitoring events the live view needs (ELEVENLABS.md §6). */
export const MONITORING_EVENTS = ['user_transcript', 'agent_response', 'agent_response_correction'];

/** One setting this service needs on the agent, and why (printed by agent:sync). */
export interface AgentRequirement {
  path: string[];
  /** What the setting must become, given what it is now (arrays are merged, never shrunk). */
  wanted: (current: unknown) => unknown;
  satisfied: (current: unknown) => boolean;
  why: string;
}

/** Whether the platform records the calls' audio. */
export const RECORD_VOICE = ['platform_settings', 'privacy', 'record_voice'];

const OVERRIDES = ['platform_settings', 'overrides', 'conversation_config_override', 'agent'];

function exactly(value: unknown, why: string, path: string[]): AgentRequirement {
  return {
    path,
    why,
    wanted: () => value,
    satisfied: (current) => isDeepStrictEqual(current, value),
  };
}

function including(values: string[], why: string, path: string[]): AgentRequirement {
  const present = (current: unknown) => (Array.isArray(current) ? current.map(String) : []);
  return {
    path,
    why,
    wanted: (current) => [...new Set([...present(current), ...values])],
    satisfied: (current) => values.every((value) => present(current).includes(value)),
  };
}

/** Every key of `wanted` is in `current` with the same value (objects compared key by key). */
export function contains(current: unknown, wanted: unknown): boolean {
  if (wanted && typeof wanted === 'object' && !Array.isArray(wanted)) {
    if (!current || typeof current !== 'object' || Array.isArray(current)) return false;
    return Object.entries(wanted).every(([key, value]) =>
      contains((current as Record<string, unknown>)[key], value),
    );
  }
  return isDeepStrictEqual(current, wanted);
}

function atLeast(entries: Record<string, unknown>, why: string, path: string[]): AgentRequirement {
  return {
    path,
    why,
    wanted: (current) => ({ ...(current as Record<string, unknown> | undefined), ...entries }),
    satisfied: (current) => contains(current, entries),
  };
}

const OUTCOME_MEANINGS =
  'resolved (already fixed), will_fix (the driver will fix it), acknowledged (a reminder taken on board), disputed (the driver disagrees or cannot), not_discussed';

/** What ElevenLabs extracts after each call (`analysis.data_collection_results`). */
export function dataCollection(): Record<string, unknown> {
  const entries: Record<string, unknown> = {};
  for (let n = 1; n <= MAX_ITEMS_PER_CALL; n++) {
    entries[itemCollectionId(n, 'outcome')] = {
      type: 'string',
      enum: [...ITEM_OUTCOMES],
      description: `What the driver committed to for item ${n} of the numbered list in the prompt: ${OUTCOME_MEANINGS}. Empty when the list has no item ${n}.`,
    };
    entries[itemCollectionId(n, 'eta_minutes')] = {
      type: 'integer',
      description: `For item ${n}: in how many minutes the driver said it will be done, if they said.`,
    };
    entries[itemCollectionId(n, 'note')] = {
      type: 'string',
      description: `For item ${n}: what the driver said about it, short, in their words, written in English (translated when they spoke another language: dispatchers read it).`,
    };
  }
  entries[CALL_COLLECTION_IDS.driverOptOut] = {
    type: 'boolean',
    description: 'True when the driver asked not to be called again.',
  };
  entries[CALL_COLLECTION_IDS.needsDispatcher] = {
    type: 'boolean',
    description:
      'True when the driver asked for a person or disputed something and was not put through to one, reported an emergency, or something else needs a dispatcher.',
  };
  entries[CALL_COLLECTION_IDS.callBackInMinutes] = {
    type: 'integer',
    description:
      'When the driver could not talk safely (driving without hands-free) or asked to be called later: in how many minutes to call back (a time of day they named, as minutes from now). Empty otherwise.',
  };
  entries[CALL_COLLECTION_IDS.driverLanguage] = {
    type: 'string',
    description: 'The language the driver spoke, as an ISO 639-1 code (en, es, ...).',
  };
  return entries;
}

/**
 * What the agent leaves on a driver's voicemail (the platform fills in the dynamic variables
 * every call sends): who is calling, that it is about the trip, where to call back. Nothing
 * about the violations: others may hear a voicemail.
 */
export const VOICEMAIL_MESSAGE =
  'Hi {{driver_name}}, this is the automated dispatch assistant for {{company_name}}, calling about your trip {{trip_id}}. Please call us back at {{callback_number}}. Thank you.';

/** The platform's voicemail_detection system tool, leaving {@link VOICEMAIL_MESSAGE}. */
export function voicemailDetectionTool(): Record<string, unknown> {
  return {
    type: 'system',
    name: 'voicemail_detection',
    description: '',
    params: { system_tool_type: 'voicemail_detection', voicemail_message: VOICEMAIL_MESSAGE },
  };
}

/** The platform's language_detection system tool: a driver who answers in Spanish is switched. */
export function languageDetectionTool(): Record<string, unknown> {
  return {
    type: 'system',
    name: 'language_detection',
    description: '',
    params: { system_tool_type: 'language_detection' },
  };
}

export type TransferType = 'conference' | 'blind';

/** When the agent puts the driver through to a person, in plain words (the LLM reads them). */
export const TRANSFER_CONDITIONS = {
  dispatcher:
    'The driver disputes a violation, or asks to speak with a person (a dispatcher, a human). Tell the dispatcher in agent_message who is on the line and why.',
  emergency:
    'The driver reports an emergency or a safety issue: someone is hurt or in danger. Tell them to call 911 first; start the reason with "Emergency:".',
};

/**
 * The platform's transfer_to_number system tool: each call's dynamic variables say where its
 * transfers go (a dispatcher on duty, the 24/7 line), so one agent serves every call.
 */
export function transferToNumberTool(transferType: TransferType): Record<string, unknown> {
  const rule = (variable: string, condition: string) => ({
    transfer_destination: { type: 'phone_dynamic_variable', phone_number: variable },
    condition,
    transfer_type: transferType,
  });
  return {
    type: 'system',
    name: 'transfer_to_number',
    description: '',
    params: {
      system_tool_type: 'transfer_to_number',
      transfers: [
        rule(TRANSFER_VARIABLES.dispatcher, TRANSFER_CONDITIONS.dispatcher),
        rule(TRANSFER_VARIABLES.emergency, TRANSFER_CONDITIONS.emergency),
      ],
      enable_client_message: true,
    },
  };
}

/**
 * The Spanish preset the platform needs to speak Spanish (and to switch to it): each call sends
 * its own first message, so this one is heard only if the agent is reached without one.
 */
export const SPANISH_PRESET = {
  overrides: {
    agent: {
      first_message:
        'Hola, le habla el asistente automático de despacho de {{company_name}}. ¿En qué le puedo ayudar?',
    },
  },
};

/**
 * Everything the service relies on the agent for, for the configured live source. `toolId` is
 * the workspace's `record_item_outcome` tool (null while it does not exist yet).
 */
export function agentRequirements(
  source: LiveSource,
  toolId?: string | null,
  options: {
    recordingDisclosure?: boolean;
    /** Where ElevenLabs asks who is calling before the agent answers a callback. */
    initiationWebhook?: { url: string; secret: SecretLocator | string };
    /** ESCALATION_TRANSFER_TYPE: warm (conference, the default) or blind. */
    transferType?: TransferType;
  } = {},
): AgentRequirement[] {
  const requirements = [
    exactly(true, 'each call sends its own prompt', [...OVERRIDES, 'prompt', 'prompt']),
    exactly(true, 'each call sends its own first message', [...OVERRIDES, 'first_message']),
    exactly(true, 'each call sends its language', [...OVERRIDES, 'language']),
  ];
  requirements.push(
    atLeast(
      voicemailDetectionTool(),
      'voicemail is recognised: the agent leaves a call-back message and the call is recorded as voicemail',
      ['conversation_config', 'agent', 'prompt', 'built_in_tools', 'voicemail_detection'],
    ),
    atLeast(
      languageDetectionTool(),
      'a driver who answers an English call in Spanish is switched to Spanish',
      ['conversation_config', 'agent', 'prompt', 'built_in_tools', 'language_detection'],
    ),
    atLeast(
      transferToNumberTool(options.transferType ?? 'conference'),
      'a driver who disputes, asks for a person or reports an emergency is put through to one',
      ['conversation_config', 'agent', 'prompt', 'built_in_tools', 'transfer_to_number'],
    ),
    atLeast(SPANISH_PRESET, 'calls to Spanish-speaking drivers are made in Spanish', [
      'conversation_config',
      'language_presets',
      'es',
    ]),
    atLeast(dataCollection(), 'outcomes, opt-outs and language after each call', [
      'platform_settings',
      'data_collection',
    ]),
  );
  if (options.initiationWebhook) {
    const why = 'a driver who calls back is greeted by name and goes through what is still open';
    requirements.push(
      exactly(true, why, [
        ...OVERRIDES.slice(0, 2),
        'enable_conversation_initiation_client_data_from_webhook',
      ]),
      exactly(
        {
          url: options.initiationWebhook.url,
          request_headers: { 'x-tool-secret': options.initiationWebhook.secret },
        },
        why,
        ['platform_settings', 'workspace_overrides', 'conversation_initiation_client_data_webhook'],
      ),
    );
  }
  if (options.recordingDisclosure === false) {
    requirements.push(
      exactly(
        false,
        'RECORDING_DISCLOSURE=false: calls say nothing about recording, so none is recorded',
        RECORD_VOICE,
      ),
    );
  }
  if (toolId !== undefined) {
    requirements.push(
      including(
        [toolId ?? '<record_item_outcome, once created>'],
        'the agent records outcomes live',
        ['conversation_config', 'agent', 'prompt', 'tool_ids'],
      ),
    );
  }
  if (source === 'monitor') {
    requirements.push(
      exactly(true, 'live turns come from the monitoring socket', [
        'conversation_config',
        'conversation',
        'monitoring_enabled',
      ]),
      including(MONITORING_EVENTS, 'the events the live view is built from', [
        'conversation_config',
        'conversation',
        'monitoring_events',
      ]),
    );
  }
  return requirements;
}
