import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';

/**
 * Where ElevenLabs is: the configured base URL, or the built-in simulator's address once it
 * listens. Also says which credentials to send.
 */
@Injectable()
export class ElevenLabsEndpoint {
  private simulatorUrl?: string;

  constructor(private readonly config: AppConfig) {}

  get simulated(): boolean {
    return this.config.elevenLabs.simulated;
  }

  useSimulator(url: string): void {
    this.simulatorUrl = url;
  }

  baseUrl(): string {
    const url = this.simulated ? this.simulatorUrl : this.config.elevenLabs.baseUrl;
    if (!url) throw new Error('The ElevenLabs simulator is not listening yet');
    return url;
  }
}
