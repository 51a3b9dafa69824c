import type { Readable } from 'node:stream';
import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { isAxiosError } from 'axios';
import { AppConfig } from '../config/app-config.js';
import { ElevenLabsEndpoint } from './elevenlabs-endpoint.js';
import { ElevenLabsError } from './elevenlabs.error.js';

/** A conversation's recording as the platform streams it. */
export interface ConversationAudio {
  stream: Readable;
  contentType: string;
  /** From Content-Length; null when the platform streams without one. */
  bytes: number | null;
}

/** How long the platform may take to start answering; the body itself may take longer. */
const HEADERS_TIMEOUT_MS = 30_000;

/**
 * `GET /v1/convai/conversations/{id}/audio` (ELEVENLABS.md §8), streamed: the recording is never
 * held in memory. A refusal becomes an {@link ElevenLabsError} (404 unknown, 422 no audio).
 */
@Injectable()
export class ConversationAudioClient {
  constructor(
    private readonly http: HttpService,
    private readonly endpoint: ElevenLabsEndpoint,
    private readonly config: AppConfig,
  ) {}

  async open(conversationId: string, signal?: AbortSignal): Promise<ConversationAudio> {
    await this.endpoint.ready;
    const path = `/v1/convai/conversations/${encodeURIComponent(conversationId)}/audio`;
    let response;
    try {
      response = await this.http.axiosRef.request<Readable>({
        method: 'GET',
        url: `${this.endpoint.baseUrl()}${path}`,
        headers: { 'xi-api-key': this.config.elevenLabs.apiKey, accept: 'audio/mpeg' },
        responseType: 'stream',
        timeout: HEADERS_TIMEOUT_MS,
        signal,
        validateStatus: () => true,
        maxRedirects: 0,
      });
    } catch (error) {
      const reason = isAxiosError(error) ? (error.code ?? error.message) : String(error);
      throw new ElevenLabsError('network', `Could not fetch the recording (${reason})`);
    }
    if (response.status !== 200) {
      response.data.resume();
      throw new ElevenLabsError(
        'http',
        `ElevenLabs answered ${response.status} for the recording of ${conversationId}`,
        response.status,
      );
    }
    const length = Number(response.headers['content-length']);
    return {
      stream: response.data,
      contentType: String(response.headers['content-type'] ?? 'audio/mpeg').split(';')[0]!,
      bytes: Number.isFinite(length) && length >= 0 ? length : null,
    };
  }
}
