import { HttpStatus, Injectable } from '@nestjs/common';
import { featureException } from '../common/feature.exception.js';
import { AppConfig } from '../config/app-config.js';
import { toE164 } from '../drivers/phone-number.js';
import { ElevenLabsEndpoint } from '../elevenlabs/elevenlabs-endpoint.js';
import type { InboundCallResult } from '../elevenlabs/simulator/inbound-caller.js';
import { SimulatorHost } from '../elevenlabs/simulator/simulator-host.js';

export class ConsoleException extends featureException({
  NO_SIMULATOR: HttpStatus.NOT_FOUND,
  INVALID_PHONE_NUMBER: HttpStatus.BAD_REQUEST,
  SIMULATOR_BUSY: HttpStatus.TOO_MANY_REQUESTS,
}) {}

/** The simulator plays at most this many callbacks at once: a button, not a load generator. */
export const MAX_SIMULATED_CALLBACKS = 20;

/** "Simulate a callback" on a driver's page: the built-in simulator phones the agent. */
@Injectable()
export class SimulatedCallbackService {
  constructor(
    private readonly host: SimulatorHost,
    private readonly endpoint: ElevenLabsEndpoint,
    private readonly config: AppConfig,
  ) {}

  async call(from: string): Promise<InboundCallResult> {
    const simulator = this.host.simulator;
    if (!simulator)
      throw new ConsoleException(
        'NO_SIMULATOR',
        'There is no simulator: ELEVENLABS_API_KEY is set, so callbacks come from real phones',
      );
    const number = toE164(from);
    if (!number)
      throw new ConsoleException('INVALID_PHONE_NUMBER', 'from must be a valid phone number');
    if (simulator.liveInboundCount >= MAX_SIMULATED_CALLBACKS)
      throw new ConsoleException(
        'SIMULATOR_BUSY',
        `The simulator is already playing ${MAX_SIMULATED_CALLBACKS} callbacks; try again when one ends`,
      );
    await this.endpoint.ready; // the agent's initiation webhook is configured
    return simulator.inbound.call(this.config.elevenLabs.agentId, number);
  }
}
