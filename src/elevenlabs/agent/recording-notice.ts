import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import type { AgentConfig } from '../elevenlabs.types.js';
import { valueAt } from './agent-diff.js';
import { RECORD_VOICE } from './agent-requirements.js';

/**
 * Whether a call must say it is recorded. Always, unless RECORDING_DISCLOSURE=false and this
 * process has seen the agent with recording off (at start, or after agent:sync through the API):
 * until then the platform may be recording, so the notice stays.
 */
@Injectable()
export class RecordingNotice {
  /** What the agent was last seen with; null before it was read. */
  private platformRecords: boolean | null = null;

  constructor(private readonly config: AppConfig) {}

  get required(): boolean {
    return this.config.compliance.recordingDisclosure || this.platformRecords !== false;
  }

  /** The platform records unless `record_voice` is false (its default is true). */
  observe(agent: AgentConfig): void {
    this.platformRecords = valueAt(agent, RECORD_VOICE) !== false;
  }
}
