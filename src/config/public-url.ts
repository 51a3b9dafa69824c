import type { AddressInfo } from 'node:net';
import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from './app-config.js';

/**
 * The address ElevenLabs and Twilio reach this service at (PUBLIC_BASE_URL). Without it (only
 * allowed with the built-in simulator) it is this process's own loopback address.
 */
@Injectable()
export class PublicUrl {
  constructor(
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  base(): string {
    if (this.config.live.publicBaseUrl) return this.config.live.publicBaseUrl;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as
      { address?: () => AddressInfo | string | null } | undefined;
    const address = server?.address?.();
    if (!address || typeof address !== 'object')
      throw new Error('PUBLIC_BASE_URL is not set and the server is not listening yet');
    return `http://127.0.0.1:${address.port}`;
  }

  of(path: string): string {
    return `${this.base()}${path}`;
  }
}
