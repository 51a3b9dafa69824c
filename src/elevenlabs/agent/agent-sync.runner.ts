import { HttpStatus, Injectable } from '@nestjs/common';
import type { Actor } from '../../audit/actor.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { featureException } from '../../common/feature.exception.js';
import { AppConfig } from '../../config/app-config.js';
import { ElevenLabsError } from '../elevenlabs.error.js';
import type { AgentSyncResultDto } from './agent-sync.dto.js';
import { AgentSyncService } from './agent-sync.service.js';

export class AgentSyncException extends featureException({
  TOOL_SECRET_MISSING: HttpStatus.CONFLICT,
  ELEVENLABS_FAILED: HttpStatus.BAD_GATEWAY,
}) {}

/**
 * An admin's agent sync over REST: the CLI's checks, ElevenLabs' failures as 502, and an audit
 * entry naming the settings changed (never their values: the tool's settings hold its secret).
 */
@Injectable()
export class AgentSyncRunner {
  constructor(
    private readonly agent: AgentSyncService,
    private readonly config: AppConfig,
    private readonly audit: AuditTrail,
  ) {}

  async run(dryRun: boolean, actor: Actor): Promise<AgentSyncResultDto> {
    if (!this.config.elevenLabs.simulated && this.config.toolSecret.generated)
      throw new AgentSyncException(
        'TOOL_SECRET_MISSING',
        "Set ELEVENLABS_TOOL_SECRET first: the agent's webhook tool and the service must share it",
      );
    let result;
    try {
      result = await this.agent.sync({ dryRun });
    } catch (error) {
      if (!(error instanceof ElevenLabsError)) throw error;
      throw new AgentSyncException('ELEVENLABS_FAILED', `ElevenLabs: ${error.reason}`);
    }
    const changes = result.differences.map(({ setting, why }) => ({ setting, why }));
    if (!dryRun)
      await this.audit.record(actor, {
        action: 'agent.synced',
        target: result.agentId,
        detail: { updated: result.updated, settings: changes.map((change) => change.setting) },
      });
    return { agent_id: result.agentId, updated: result.updated, dry_run: dryRun, changes };
  }
}
