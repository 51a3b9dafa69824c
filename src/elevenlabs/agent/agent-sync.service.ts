import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { ElevenLabsClient } from '../elevenlabs.client.js';
import { planAgentUpdate, type AgentDifference } from './agent-diff.js';
import { agentRequirements } from './agent-requirements.js';

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
  ) {}

  get agentId(): string {
    return this.config.elevenLabs.agentId;
  }

  async sync(options: { dryRun?: boolean } = {}): Promise<AgentSyncResult> {
    const agent = await this.elevenLabs.getAgent(this.agentId);
    const plan = planAgentUpdate(agent, agentRequirements(this.config.live.source));
    const update = plan.differences.length > 0 && !options.dryRun;
    if (update) await this.elevenLabs.updateAgent(this.agentId, plan.patch);
    return { agentId: this.agentId, differences: plan.differences, updated: update };
  }
}

export function describeDifferences(differences: AgentDifference[]): string {
  return differences
    .map(
      (difference) =>
        `  ${difference.setting}: ${JSON.stringify(difference.current ?? null)} -> ${JSON.stringify(difference.wanted)} (${difference.why})`,
    )
    .join('\n');
}
