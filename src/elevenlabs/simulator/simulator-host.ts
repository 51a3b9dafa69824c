import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { PublicUrl } from '../../config/public-url.js';
import { AgentSyncService } from '../agent/agent-sync.service.js';
import { ElevenLabsEndpoint } from '../elevenlabs-endpoint.js';
import { ElevenLabsSimulator } from './elevenlabs-simulator.js';
import { TEST_NUMBERS } from './test-numbers.js';

/**
 * Without an ElevenLabs API key, runs the simulator in-process on a loopback port and points the
 * client (and the Twilio client) at it; its webhooks come back to this service's own HTTP port.
 * Its agent starts as a new one does, not in shape, and is synced here as `npm run agent:sync`
 * would, so a newcomer runs the real path.
 */
@Injectable()
export class SimulatorHost implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ElevenLabsSimulator');
  private instance?: ElevenLabsSimulator;

  constructor(
    private readonly config: AppConfig,
    private readonly endpoint: ElevenLabsEndpoint,
    private readonly publicUrl: PublicUrl,
    private readonly agentSync: AgentSyncService,
  ) {}

  get simulator(): ElevenLabsSimulator | undefined {
    return this.instance;
  }

  get testNumbers(): typeof TEST_NUMBERS | undefined {
    return this.instance ? TEST_NUMBERS : undefined;
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.elevenLabs.simulated) return;
    this.instance = new ElevenLabsSimulator({
      apiKey: this.config.elevenLabs.apiKey,
      webhookSecret: this.config.elevenLabs.webhookSecret,
      turnDelayMs: this.config.elevenLabs.simulatorTurnDelayMs,
      webhookBaseUrl: () => this.publicUrl.own(),
      perTurnWebhooks: this.config.live.source === 'webhook',
      twilio: this.config.twilio,
      log: (message) => this.logger.warn(message),
    });
    const url = await this.instance.listen();
    this.endpoint.useSimulator(url);
    this.logger.warn(
      `No ELEVENLABS_API_KEY: calls go to the built-in ElevenLabs simulator at ${url} (live turns from ${this.config.live.source})`,
    );
    // The agent's webhook tool points at this service, whose address is known once it listens;
    // calls wait for the sync (ElevenLabsEndpoint.ready).
    this.endpoint.waitFor(this.publicUrl.listening().then(() => this.syncAgent()));
  }

  private async syncAgent(): Promise<void> {
    try {
      const { differences } = await this.agentSync.sync();
      this.logger.log(`The simulator's agent synced (${differences.length} setting(s) changed)`);
    } catch (error) {
      this.logger.error(`Syncing the simulator's agent failed: ${(error as Error).message}`);
    }
  }

  /** After the HTTP server drained, so requests in flight to the simulator still get answers. */
  async onApplicationShutdown(): Promise<void> {
    await this.instance?.close();
  }
}
