import { randomBytes } from 'node:crypto';
import type { AgentConfig, OutboundCallRequest } from '../elevenlabs.types.js';
import { SIMULATED_AGENT_NUMBER } from './simulated-conversation.js';
import { SimulatedSecrets } from './simulated-secrets.js';

/** A workspace tool as `/v1/convai/tools` keeps it. */
export interface SimulatedTool {
  id: string;
  tool_config: Record<string, unknown>;
}

/** A webhook tool's call, as the agent makes it. */
export interface WebhookTool {
  name: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Body property → the variable the platform fills it from (`system__conversation_id`, `call_sid`). */
  boundVariables: Record<string, string>;
}

/** One rule of the agent's transfer_to_number tool. */
export interface TransferRule {
  destinationType: string;
  /** A number, or for `phone_dynamic_variable` the variable's name. */
  phoneNumber: string;
  condition: string;
  transferType: 'conference' | 'blind';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

/** Keys that would reach an object's prototype instead of the object. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * PATCH semantics: objects merge key by key, everything else (arrays included) is replaced.
 * Prototype keys are ignored, so a PATCH cannot change every object of the simulator.
 */
function merge(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (PROTOTYPE_KEYS.has(key)) continue;
    if (isObject(value) && isObject(target[key])) merge(target[key], value);
    else if (isObject(value)) merge((target[key] = {}) as Record<string, unknown>, value);
    else target[key] = structuredClone(value);
  }
}

/** Body properties the platform fills from a variable instead of the LLM (`dynamic_variable`). */
function boundVariablesOf(bodySchema: unknown): Record<string, string> {
  const properties = isObject(bodySchema) ? bodySchema.properties : undefined;
  if (!isObject(properties)) return {};
  return Object.fromEntries(
    Object.entries(properties).flatMap(([name, property]) =>
      isObject(property) && typeof property.dynamic_variable === 'string'
        ? [[name, property.dynamic_variable]]
        : [],
    ),
  );
}

/** A new agent as the platform creates it: overrides off, monitoring off. */
function newAgent(agentId: string): AgentConfig {
  return {
    agent_id: agentId,
    name: 'Dispatch Voice (simulated)',
    conversation_config: {
      agent: { first_message: 'Hello, this is dispatch.', language: 'en', prompt: { prompt: '' } },
      conversation: {
        text_only: false,
        max_duration_seconds: 600,
        monitoring_enabled: false,
        monitoring_events: [],
      },
    },
    platform_settings: {
      privacy: {
        record_voice: true,
        retention_days: -1,
        delete_transcript_and_pii: false,
        delete_audio: false,
        apply_to_existing_conversations: false,
        zero_retention_mode: false,
      },
      overrides: {
        conversation_config_override: {
          agent: { prompt: { prompt: false }, first_message: false, language: false },
          tts: { voice_id: false },
        },
      },
    },
  };
}

/** The overrides a call sends, as paths of the agent's override switches. */
function overridesSent(request: OutboundCallRequest): string[][] {
  const agent = request.conversation_initiation_client_data?.conversation_config_override?.agent;
  if (!agent) return [];
  const sent: string[][] = [];
  if (agent.prompt?.prompt !== undefined) sent.push(['agent', 'prompt', 'prompt']);
  if (agent.first_message !== undefined) sent.push(['agent', 'first_message']);
  if (agent.language !== undefined) sent.push(['agent', 'language']);
  return sent;
}

/** The simulated workspace's agents: read, partially updated, and consulted by every call. */
export class SimulatedAgents {
  private readonly agents = new Map<string, AgentConfig>();
  private readonly tools = new Map<string, SimulatedTool>();
  readonly secrets = new SimulatedSecrets();

  createTool(config: Record<string, unknown>): SimulatedTool {
    const tool = {
      id: `tool_${randomBytes(12).toString('hex')}`,
      tool_config: structuredClone(config),
    };
    this.tools.set(tool.id, tool);
    return tool;
  }

  listTools(): SimulatedTool[] {
    return [...this.tools.values()];
  }

  getTool(id: string): SimulatedTool | undefined {
    return this.tools.get(id);
  }

  updateTool(id: string, config: Record<string, unknown>): SimulatedTool | undefined {
    const tool = this.tools.get(id);
    if (tool) merge(tool.tool_config, config);
    return tool;
  }

  /** The webhook tools attached to the agent (`conversation_config.agent.prompt.tool_ids`). */
  webhookToolsOf(agentId: string): WebhookTool[] {
    const prompt = (this.get(agentId).conversation_config?.agent as Record<string, unknown>)
      ?.prompt as { tool_ids?: unknown } | undefined;
    const ids = Array.isArray(prompt?.tool_ids) ? prompt.tool_ids.map(String) : [];
    return ids.flatMap((id) => {
      const config = this.tools.get(id)?.tool_config;
      const schema = config?.api_schema as Record<string, unknown> | undefined;
      if (config?.type !== 'webhook' || typeof schema?.url !== 'string') return [];
      return [
        {
          name: String(config.name),
          url: schema.url,
          method: typeof schema.method === 'string' ? schema.method : 'POST',
          headers: this.secrets.resolve(schema.request_headers),
          boundVariables: boundVariablesOf(schema.request_body_schema),
        },
      ];
    });
  }

  /** The agent's system tool in this slot (`conversation_config.agent.prompt.built_in_tools`). */
  private systemTool(agentId: string, name: string): { params?: Record<string, unknown> } | null {
    const prompt = (this.get(agentId).conversation_config?.agent as Record<string, unknown>)
      ?.prompt as { built_in_tools?: Record<string, unknown> } | undefined;
    const tool = prompt?.built_in_tools?.[name];
    return isObject(tool) ? (tool as { params?: Record<string, unknown> }) : null;
  }

  hasSystemTool(agentId: string, name: string): boolean {
    return this.systemTool(agentId, name) !== null;
  }

  /** The message the voicemail_detection system tool leaves, or null when the agent has no such tool. */
  voicemailMessage(agentId: string): string | null {
    const tool = this.systemTool(agentId, 'voicemail_detection');
    if (!tool) return null;
    const message = tool.params?.voicemail_message;
    return typeof message === 'string' ? message : '';
  }

  /** The transfer_to_number tool's rules, in order (none without the tool). */
  transferRules(agentId: string): TransferRule[] {
    const rules = this.systemTool(agentId, 'transfer_to_number')?.params?.transfers;
    if (!Array.isArray(rules)) return [];
    return rules.filter(isObject).map((rule) => {
      const destination = isObject(rule.transfer_destination) ? rule.transfer_destination : {};
      return {
        destinationType: String(destination.type),
        phoneNumber: typeof destination.phone_number === 'string' ? destination.phone_number : '',
        condition: typeof rule.condition === 'string' ? rule.condition : '',
        transferType: rule.transfer_type === 'blind' ? 'blind' : 'conference',
      };
    });
  }

  /**
   * The agent's own conversation-initiation webhook, when its client data may come from one
   * (`platform_settings.overrides.enable_conversation_initiation_client_data_from_webhook`).
   */
  initiationWebhook(agentId: string): { url: string; headers: Record<string, string> } | null {
    const settings = (this.get(agentId).platform_settings ?? {}) as Record<string, unknown>;
    const overrides = settings.overrides as Record<string, unknown> | undefined;
    if (overrides?.enable_conversation_initiation_client_data_from_webhook !== true) return null;
    const webhook = (settings.workspace_overrides as Record<string, unknown> | undefined)
      ?.conversation_initiation_client_data_webhook as
      { url?: unknown; request_headers?: Record<string, unknown> } | undefined;
    if (typeof webhook?.url !== 'string') return null;
    return { url: webhook.url, headers: this.secrets.resolve(webhook.request_headers) };
  }

  /** Whether the agent records calls' audio (`platform_settings.privacy.record_voice`). */
  recordsVoice(agentId: string): boolean {
    const settings = this.get(agentId).platform_settings as Record<string, unknown> | undefined;
    const privacy = settings?.privacy as { record_voice?: unknown } | undefined;
    return privacy?.record_voice !== false;
  }

  /** The agent's data collection ids (`platform_settings.data_collection`). */
  dataCollectionIds(agentId: string): string[] {
    const settings = this.get(agentId).platform_settings as Record<string, unknown> | undefined;
    const collection = settings?.data_collection;
    return isObject(collection) ? Object.keys(collection) : [];
  }

  get(agentId: string): AgentConfig {
    let agent = this.agents.get(agentId);
    if (!agent) {
      agent = newAgent(agentId);
      this.agents.set(agentId, agent);
    }
    return agent;
  }

  patch(agentId: string, patch: Record<string, unknown>): AgentConfig {
    const agent = this.get(agentId);
    merge(agent, patch);
    return agent;
  }

  /** The imported numbers and the agent each answers with (none at first, as after an import). */
  private readonly phoneAgents = new Map<string, string>();

  phoneNumber(phoneNumberId: string): Record<string, unknown> {
    const agentId = this.phoneAgents.get(phoneNumberId);
    return {
      phone_number_id: phoneNumberId,
      phone_number: SIMULATED_AGENT_NUMBER,
      label: 'Dispatch (simulated)',
      provider: 'twilio',
      supports_inbound: true,
      supports_outbound: true,
      assigned_agent: agentId ? { agent_id: agentId, agent_name: this.get(agentId).name } : null,
    };
  }

  assignPhoneNumber(phoneNumberId: string, agentId: string): Record<string, unknown> {
    this.phoneAgents.set(phoneNumberId, agentId);
    return this.phoneNumber(phoneNumberId);
  }

  /** Back to a brand-new agent (tests). */
  reset(agentId: string): void {
    this.agents.delete(agentId);
  }

  /** The override fields a call sends that the agent's security settings do not allow. */
  refusedOverrides(request: OutboundCallRequest): string[] {
    const switches = this.get(request.agent_id).platform_settings as Record<string, unknown>;
    const allowed = (path: string[]) => {
      let node: unknown = (switches.overrides as Record<string, unknown> | undefined)
        ?.conversation_config_override;
      for (const key of path) node = isObject(node) ? node[key] : undefined;
      return node === true;
    };
    return overridesSent(request)
      .filter((path) => !allowed(path))
      .map((path) => path.join('.'));
  }

  monitoring(agentId: string): { enabled: boolean; events: string[] } {
    const conversation = this.get(agentId).conversation_config?.conversation as
      { monitoring_enabled?: unknown; monitoring_events?: unknown } | undefined;
    return {
      enabled: conversation?.monitoring_enabled === true,
      events: Array.isArray(conversation?.monitoring_events)
        ? conversation.monitoring_events.map(String)
        : [],
    };
  }
}
