import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { PublicUrl } from '../../config/public-url.js';
import type { AgentDifference } from './agent-diff.js';
import { AgentSyncService, describeDifferences } from './agent-sync.service.js';

/**
 * With a real key, reads the agent once at start and says clearly when it is not in shape (the
 * service still starts: calls will fail or show no live turns until `npm run agent:sync`).
 * The built-in simulator's agent is synced by SimulatorHost instead.
 */
@Injectable()
export class AgentCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('AgentCheck');

  constructor(
    private readonly agentSync: AgentSyncService,
    private readonly config: AppConfig,
    private readonly publicUrl: PublicUrl,
  ) {}

  /** Once the server listens: without PUBLIC_BASE_URL the tool's address is its own. */
  onApplicationBootstrap(): void {
    if (this.config.elevenLabs.simulated) return;
    void this.publicUrl.listening().then(() => this.check());
  }

  /** What is missing on the agent (logged), or null when it could not be read. */
  async check(): Promise<AgentDifference[] | null> {
    try {
      const { agentId, differences } = await this.agentSync.sync({ dryRun: true });
      if (differences.length === 0) {
        this.logger.log(`ElevenLabs agent ${agentId} is in shape`);
        return differences;
      }
      this.logger.error(
        `ElevenLabs agent ${agentId} is not configured for this service; run \`npm run agent:sync\` (or \`npm run agent:sync -- --dry-run\` to see the changes first):\n${describeDifferences(differences)}`,
      );
      return differences;
    } catch (error) {
      this.logger.error(
        `Could not check ElevenLabs agent ${this.agentSync.agentId}: ${(error as Error).message}. Check ELEVENLABS_API_KEY, ELEVENLABS_AGENT_ID and PUBLIC_BASE_URL, then run \`npm run agent:sync\``,
      );
      return null;
    }
  }
}
