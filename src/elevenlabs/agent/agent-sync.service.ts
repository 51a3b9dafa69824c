import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { PublicUrl } from '../../config/public-url.js';
import { ElevenLabsClient } from '../elevenlabs.client.js';
import { planAgentUpdate, type AgentDifference } from './agent-diff.js';
import type { SecretLocator } from '../elevenlabs.types.js';
import { agentRequirements, contains } from './agent-requirements.js';
import { ITEM_OUTCOME_TOOL_NAME, itemOutcomeToolConfig } from './item-outcome-tool.js';
import { RecordingNotice } from './recording-notice.js';
import { syncToolSecret } from './tool-secret-header.js';

/** Where ElevenLabs asks who is calling before the agent answers (the webhooks module serves it). */
export const CONVERSATION_INITIATION_PATH = '/webhooks/elevenlabs/conversation-initiation';

export interface AgentSyncResult {
  agentId: string;
  differences: AgentDifference[];
  /** True when a PATCH was sent. */
  updated: boolean;
}

/**
 * Puts the ElevenLabs agent (ELEVENLABS_AGENT_ID) in the shape this service needs: reads it,
 * and PATCHes only the settings that differ. Creates nothing; a second run sends no PATCH.
 */
@Injectable()
export class AgentSyncService {
  constructor(
    private readonly elevenLabs: ElevenLabsClient,
    private readonly config: AppConfig,
    private readonly publicUrl: PublicUrl,
    private readonly recording: RecordingNotice,
  ) {}

  get agentId(): string {
    return this.config.elevenLabs.agentId;
  }

  async sync(options: { dryRun?: boolean } = {}): Promise<AgentSyncResult> {
    const secret = await syncToolSecret(
      this.elevenLabs,
      this.config.toolSecret.value,
      Boolean(options.dryRun),
    );
    const tool = await this.syncTool(secret.header, Boolean(options.dryRun));
    const agent = await this.elevenLabs.getAgent(this.agentId);
    const plan = planAgentUpdate(
      agent,
      agentRequirements(this.config.live.source, tool.id, {
        recordingDisclosure: this.config.compliance.recordingDisclosure,
        initiationWebhook: {
          url: `${this.publicUrl.base()}${CONVERSATION_INITIATION_PATH}`,
          secret: secret.header,
        },
        transferType: this.config.escalation.transferType,
      }),
    );
    const phone = await this.syncPhoneNumber(Boolean(options.dryRun));
    const differences = [...secret.differences, ...tool.differences, ...plan.differences, ...phone];
    const patchAgent = plan.differences.length > 0 && !options.dryRun;
    this.recording.observe(
      patchAgent ? await this.elevenLabs.updateAgent(this.agentId, plan.patch) : agent,
    );
    return {
      agentId: this.agentId,
      differences,
      updated: !options.dryRun && differences.length > 0,
    };
  }

  /** The imported number answers with this agent, or drivers calling back reach nobody. */
  private async syncPhoneNumber(dryRun: boolean): Promise<AgentDifference[]> {
    const phoneNumberId = this.config.elevenLabs.agentPhoneNumberId;
    const phone = await this.elevenLabs.getPhoneNumber(phoneNumberId);
    const current = phone.assigned_agent?.agent_id ?? null;
    if (current === this.agentId) return [];
    if (!dryRun) await this.elevenLabs.assignPhoneNumber(phoneNumberId, this.agentId);
    return [
      {
        setting: `phone number ${phoneNumberId}: agent`,
        current,
        wanted: this.agentId,
        why: 'a driver who calls the number back reaches this agent',
      },
    ];
  }

  /**
   * The workspace's `record_item_outcome` webhook tool, pointing at PUBLIC_BASE_URL with the
   * tool secret: created when missing, updated when it points elsewhere.
   */
  private async syncTool(
    secret: SecretLocator,
    dryRun: boolean,
  ): Promise<{ id: string | null; differences: AgentDifference[] }> {
    const wanted = itemOutcomeToolConfig(this.publicUrl.base(), secret);
    const existing = (await this.elevenLabs.listTools()).find(
      (tool) => tool.tool_config?.name === ITEM_OUTCOME_TOOL_NAME,
    );
    const setting = `tool ${ITEM_OUTCOME_TOOL_NAME}`;
    const why = 'the agent records outcomes live';
    if (!existing) {
      const created = dryRun ? null : await this.elevenLabs.createTool(wanted);
      return {
        id: created?.id ?? null,
        differences: [
          { setting, current: null, wanted: `created at ${wanted.api_schema.url}`, why },
        ],
      };
    }
    if (contains(existing.tool_config, wanted)) return { id: existing.id, differences: [] };
    if (!dryRun) await this.elevenLabs.updateTool(existing.id, wanted);
    const current = (existing.tool_config.api_schema as { url?: unknown } | undefined)?.url;
    return {
      id: existing.id,
      // Never the secret itself: only that it changes.
      differences: [
        {
          setting,
          current: `at ${String(current)}`,
          wanted: `at ${wanted.api_schema.url} (schema and x-tool-secret as this service needs them)`,
          why,
        },
      ],
    };
  }
}

const brief = (value: unknown) => {
  // Differences are logged: a secret header's value never is.
  const text = JSON.stringify(value ?? null).replace(/("x-tool-secret":)"[^"]*"/g, '$1"***"');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

export function describeDifferences(differences: AgentDifference[]): string {
  return differences
    .map(
      (difference) =>
        `  ${difference.setting}: ${brief(difference.current)} -> ${brief(difference.wanted)} (${difference.why})`,
    )
    .join('\n');
}
