import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from './app-config.js';

/**
 * The address ElevenLabs and Twilio reach this service at (PUBLIC_BASE_URL). Without it (only
 * right with the built-in simulator or a platform on this machine) it is this process's own
 * loopback address, known once the HTTP server listens.
 */
@Injectable()
export class PublicUrl {
  constructor(
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  base(): string {
    if (this.config.live.publicBaseUrl) return this.config.live.publicBaseUrl;
    const own = this.own();
    if (!own) throw new Error('PUBLIC_BASE_URL is not set and the server is not listening yet');
    return own;
  }

  of(path: string): string {
    return `${this.base()}${path}`;
  }

  /** This process's loopback address, once it listens. */
  own(): string | undefined {
    const address = this.server()?.address?.();
    return address && typeof address === 'object'
      ? `http://127.0.0.1:${(address as AddressInfo).port}`
      : undefined;
  }

  /** Settles once the HTTP server listens (at once if it already does). */
  listening(): Promise<void> {
    const server = this.server();
    if (!server || server.listening) return Promise.resolve();
    return new Promise((resolve) => server.once('listening', () => resolve()));
  }

  private server(): Server | undefined {
    return this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
  }
}
