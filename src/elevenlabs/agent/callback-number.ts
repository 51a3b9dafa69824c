import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { ElevenLabsClient } from '../elevenlabs.client.js';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The number voicemails ask drivers to call back: ELEVENLABS_AGENT_PHONE_NUMBER, or else the
 * agent's imported number as the platform names it, read once at start. Null (the voicemail
 * asks the driver to call dispatch) until one is known; start-up says so.
 */
@Injectable()
export class CallbackNumber implements OnApplicationBootstrap {
  private readonly logger = new Logger('CallbackNumber');
  private number: string | null;

  constructor(
    private readonly config: AppConfig,
    private readonly elevenLabs: ElevenLabsClient,
  ) {
    this.number = config.compliance.callbackNumber;
  }

  current(): string | null {
    return this.number;
  }

  onApplicationBootstrap(): void {
    if (this.number || this.config.elevenLabs.simulated) return;
    void this.readFromPlatform();
  }

  /** Reads the imported number; exposed for the start-up path and tests. */
  async readFromPlatform(): Promise<string | null> {
    const id = this.config.elevenLabs.agentPhoneNumberId;
    try {
      const phone = await this.elevenLabs.getPhoneNumber(id);
      const number = phone.phone_number?.replace(/[\s()-]/g, '');
      if (number && E164.test(number)) {
        this.number = number;
        this.logger.log(`Voicemails ask drivers to call back ${number} (phone number ${id})`);
        return number;
      }
      this.logger.warn(
        `Phone number ${id} has no E.164 number on the platform: voicemails ask drivers to call their dispatcher; set ELEVENLABS_AGENT_PHONE_NUMBER`,
      );
    } catch (error) {
      this.logger.warn(
        `Could not read phone number ${id} (${(error as Error).message}): voicemails ask drivers to call their dispatcher until ELEVENLABS_AGENT_PHONE_NUMBER is set`,
      );
    }
    return null;
  }
}
