import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';

/**
 * Where ElevenLabs is: the configured base URL, or the built-in simulator's address once it
 * listens. The simulator also plays the customer's Twilio account (the number ElevenLabs calls
 * from), so Twilio's address is decided here too.
 */
@Injectable()
export class ElevenLabsEndpoint {
  private simulatorUrl?: string;
  private readiness: Promise<void> = Promise.resolve();

  constructor(private readonly config: AppConfig) {}

  get simulated(): boolean {
    return this.config.elevenLabs.simulated;
  }

  useSimulator(url: string): void {
    this.simulatorUrl = url;
  }

  /** Calls are placed once this settles (the simulator's agent being configured). */
  waitFor(readiness: Promise<void>): void {
    this.readiness = readiness;
  }

  get ready(): Promise<void> {
    return this.readiness;
  }

  baseUrl(): string {
    const url = this.simulated ? this.simulatorUrl : this.config.elevenLabs.baseUrl;
    if (!url) throw new Error('The ElevenLabs simulator is not listening yet');
    return url;
  }

  twilioBaseUrl(): string {
    return this.simulated ? this.baseUrl() : this.config.twilio.baseUrl;
  }
}
