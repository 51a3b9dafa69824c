import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '../../config/app-config.js';
import { AppConfigModule } from '../../config/config.module.js';
import { AGENT_SYNC_SCOPE } from '../../config/validate-environment.js';
import { AgentSyncService, describeDifferences } from '../agent/agent-sync.service.js';
import { RecordingNotice } from '../agent/recording-notice.js';
import { ElevenLabsEndpoint } from '../elevenlabs-endpoint.js';
import { ElevenLabsClient } from '../elevenlabs.client.js';

@Module({
  imports: [AppConfigModule.forScope(AGENT_SYNC_SCOPE), HttpModule],
  providers: [ElevenLabsEndpoint, ElevenLabsClient, AgentSyncService, RecordingNotice],
})
class AgentSyncModule {}

/** `npm run agent:sync [-- --dry-run]`: puts ELEVENLABS_AGENT_ID in the shape the service needs. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } });
  const app = await NestFactory.createApplicationContext(AgentSyncModule, {
    logger: ['error', 'warn'],
  });
  try {
    if (app.get(AppConfig).elevenLabs.simulated) {
      console.log(
        'No ELEVENLABS_API_KEY: nothing to sync. The built-in simulator configures its own agent at start.',
      );
      return;
    }
    if (app.get(AppConfig).toolSecret.generated)
      throw new Error(
        "Set ELEVENLABS_TOOL_SECRET first: the agent's webhook tool and the service must share it",
      );
    const dryRun = values['dry-run'];
    const result = await app.get(AgentSyncService).sync({ dryRun });
    if (result.differences.length === 0) {
      console.log(`Agent ${result.agentId} is already in shape; nothing sent.`);
      return;
    }
    console.log(
      `${dryRun ? 'Would change' : 'Changed'} ${result.differences.length} setting(s) of agent ${result.agentId}:\n${describeDifferences(result.differences)}`,
    );
    if (dryRun) console.log('Dry run: nothing was changed. Run without --dry-run to apply.');
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(`agent:sync failed: ${(error as Error).message}`);
  process.exit(1);
});
