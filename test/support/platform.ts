import {
  type LiveSource,
  SIMULATOR_AGENT_ID,
  SIMULATOR_API_KEY,
  SIMULATOR_WEBHOOK_SECRET,
} from '../../src/config/app-config.js';
import { planAgentUpdate } from '../../src/elevenlabs/agent/agent-diff.js';
import { agentRequirements } from '../../src/elevenlabs/agent/agent-requirements.js';
import { ElevenLabsSimulator } from '../../src/elevenlabs/simulator/elevenlabs-simulator.js';

/**
 * ElevenLabs (and Twilio) as a real account, played by a simulator the test runs, so several
 * service instances can share it. `syncedFor` puts the account's agent in the shape the service
 * needs for that live source, as `npm run agent:sync` does; without it the agent is brand new.
 */
export async function startPlatform(options: {
  turnDelayMs: number;
  webhookBaseUrl: () => string | undefined;
  syncedFor?: LiveSource;
}): Promise<ElevenLabsSimulator> {
  const platform = new ElevenLabsSimulator({
    apiKey: SIMULATOR_API_KEY,
    webhookSecret: SIMULATOR_WEBHOOK_SECRET,
    turnDelayMs: options.turnDelayMs,
    webhookBaseUrl: options.webhookBaseUrl,
  });
  await platform.listen();
  if (options.syncedFor) {
    const agent = platform.agents.get(SIMULATOR_AGENT_ID);
    const { patch } = planAgentUpdate(agent, agentRequirements(options.syncedFor));
    platform.agents.patch(SIMULATOR_AGENT_ID, patch);
  }
  return platform;
}
