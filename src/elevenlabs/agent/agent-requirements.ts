import type { LiveSource } from '../../config/app-config.js';

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

const OVERRIDES = ['platform_settings', 'overrides', 'conversation_config_override', 'agent'];

function exactly(value: unknown, why: string, path: string[]): AgentRequirement {
  return { path, why, wanted: () => value, satisfied: (current) => current === value };
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

/** Everything the service relies on the agent for, for the configured live source. */
export function agentRequirements(source: LiveSource): AgentRequirement[] {
  const requirements = [
    exactly(true, 'each call sends its own prompt', [...OVERRIDES, 'prompt', 'prompt']),
    exactly(true, 'each call sends its own first message', [...OVERRIDES, 'first_message']),
    exactly(true, 'each call sends its language', [...OVERRIDES, 'language']),
  ];
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
