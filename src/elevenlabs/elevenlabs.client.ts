import { HttpService } from '@nestjs/axios';
import { Injectable, Logger } from '@nestjs/common';
import { type AxiosResponse, isAxiosError } from 'axios';
import { AppConfig } from '../config/app-config.js';
import { backoffDelay, sleep } from './backoff.js';
import { ElevenLabsEndpoint } from './elevenlabs-endpoint.js';
import { describeErrorBody, ElevenLabsError } from './elevenlabs.error.js';
import type {
  AgentConfig,
  PhoneNumberConfig,
  WorkspaceSecret,
  WorkspaceTool,
  Conversation,
  ConversationPage,
  OutboundCallRequest,
  OutboundCallResponse,
} from './elevenlabs.types.js';

const MAX_RETRIES = 2;

/** `POST /v1/convai/secrets`: the SDK's fields plus the `type` it adds itself. */
export const newSecretBody = (name: string, value: string) => ({ type: 'new', name, value });

/**
 * The only code that knows ElevenLabs' URLs. Returns ElevenLabs' JSON as sent; every failure
 * becomes an {@link ElevenLabsError}. Reads are retried with backoff (connection errors, 429,
 * 5xx; not timeouts, which already cost the full timeout); the outbound-call POST is
 * retried only when ElevenLabs answered 429 (it placed nothing), since a retry after a timeout
 * could phone the driver twice.
 */
@Injectable()
export class ElevenLabsClient {
  private readonly logger = new Logger('ElevenLabsClient');

  constructor(
    private readonly http: HttpService,
    private readonly endpoint: ElevenLabsEndpoint,
    private readonly config: AppConfig,
  ) {}

  async createOutboundCall(request: OutboundCallRequest): Promise<OutboundCallResponse> {
    await this.endpoint.ready;
    const body = await this.send<OutboundCallResponse>(
      'POST',
      '/v1/convai/twilio/outbound-call',
      request,
      (error) => error.rateLimited,
    );
    if (
      !body ||
      typeof body !== 'object' ||
      body.success !== true ||
      typeof body.conversation_id !== 'string'
    ) {
      const message =
        body && typeof body === 'object' && typeof body.message === 'string'
          ? body.message
          : undefined;
      throw new ElevenLabsError(
        'invalid_response',
        body?.success === false
          ? `ElevenLabs did not place the call${message ? `: ${message}` : ''}`
          : 'ElevenLabs answered without a conversation_id',
        200,
        body,
      );
    }
    return body;
  }

  async getConversation(conversationId: string): Promise<Conversation> {
    const body = await this.send<Conversation>(
      'GET',
      `/v1/convai/conversations/${encodeURIComponent(conversationId)}`,
      undefined,
      // Not after a timeout: the caller has already waited the whole ELEVENLABS_TIMEOUT_MS.
      (error) =>
        error.kind === 'network' ||
        error.rateLimited ||
        (error.kind === 'http' && (error.status ?? 0) >= 500),
    );
    if (!body || typeof body !== 'object' || typeof body.conversation_id !== 'string') {
      throw new ElevenLabsError(
        'invalid_response',
        'ElevenLabs sent a conversation without a conversation_id',
        200,
        body,
      );
    }
    return body;
  }

  /** The agent's conversations started after a moment, newest first (one page of at most 100). */
  async listConversations(query: {
    agentId: string;
    startedAfterUnix: number;
    pageSize: number;
  }): Promise<ConversationPage> {
    const params = new URLSearchParams({
      agent_id: query.agentId,
      call_start_after_unix: String(query.startedAfterUnix),
      page_size: String(query.pageSize),
      summary_mode: 'exclude',
    });
    const body = await this.send<ConversationPage>(
      'GET',
      `/v1/convai/conversations?${params.toString()}`,
      undefined,
      (error) => error.kind === 'network' || error.rateLimited,
    );
    if (!body || !Array.isArray(body.conversations))
      throw new ElevenLabsError(
        'invalid_response',
        'ElevenLabs sent a conversation list without conversations',
        200,
        body,
      );
    return body;
  }

  /** The agent's whole configuration (`GET /v1/convai/agents/{id}`). */
  async getAgent(agentId: string): Promise<AgentConfig> {
    const body = await this.send<AgentConfig>(
      'GET',
      `/v1/convai/agents/${encodeURIComponent(agentId)}`,
      undefined,
      (error) => error.kind === 'network' || error.rateLimited,
    );
    if (!body || typeof body !== 'object')
      throw new ElevenLabsError(
        'invalid_response',
        'ElevenLabs sent an agent that is not JSON',
        200,
      );
    return body;
  }

  /** A partial update: only the keys sent change (`PATCH /v1/convai/agents/{id}`). */
  updateAgent(agentId: string, patch: Record<string, unknown>): Promise<AgentConfig> {
    return this.send<AgentConfig>(
      'PATCH',
      `/v1/convai/agents/${encodeURIComponent(agentId)}`,
      patch,
      (error) => error.rateLimited,
    );
  }

  /** An imported number and the agent that answers it (`GET /v1/convai/phone-numbers/{id}`). */
  getPhoneNumber(phoneNumberId: string): Promise<PhoneNumberConfig> {
    return this.send<PhoneNumberConfig>(
      'GET',
      `/v1/convai/phone-numbers/${encodeURIComponent(phoneNumberId)}`,
      undefined,
      (error) => error.kind === 'network' || error.rateLimited,
    );
  }

  /** Which agent answers the number (`PATCH /v1/convai/phone-numbers/{id}` `{agent_id}`). */
  assignPhoneNumber(phoneNumberId: string, agentId: string): Promise<PhoneNumberConfig> {
    return this.send<PhoneNumberConfig>(
      'PATCH',
      `/v1/convai/phone-numbers/${encodeURIComponent(phoneNumberId)}`,
      { agent_id: agentId },
      (error) => error.rateLimited,
    );
  }

  /** The workspace secret of that exact name, if any (`GET /v1/convai/secrets?search=`). */
  async findSecret(name: string): Promise<WorkspaceSecret | null> {
    const body = await this.send<{ secrets?: unknown }>(
      'GET',
      `/v1/convai/secrets?${new URLSearchParams({ search: name, page_size: '100' }).toString()}`,
      undefined,
      (error) => error.kind === 'network' || error.rateLimited,
    );
    const secrets = Array.isArray(body?.secrets) ? (body.secrets as WorkspaceSecret[]) : [];
    return secrets.find((secret) => secret.name === name) ?? null;
  }

  /** Stores a value the platform sends as a header but never shows (`POST /v1/convai/secrets`). */
  createSecret(name: string, value: string): Promise<WorkspaceSecret> {
    return this.send<WorkspaceSecret>(
      'POST',
      '/v1/convai/secrets',
      newSecretBody(name, value),
      (error) => error.rateLimited,
    );
  }

  /** The workspace's tools (`GET /v1/convai/tools`). */
  async listTools(): Promise<WorkspaceTool[]> {
    const body = await this.send<{ tools?: unknown }>(
      'GET',
      '/v1/convai/tools',
      undefined,
      (error) => error.kind === 'network' || error.rateLimited,
    );
    return Array.isArray(body?.tools) ? (body.tools as WorkspaceTool[]) : [];
  }

  createTool(toolConfig: Record<string, unknown>): Promise<WorkspaceTool> {
    return this.send<WorkspaceTool>(
      'POST',
      '/v1/convai/tools',
      { tool_config: toolConfig },
      (error) => error.rateLimited,
    );
  }

  updateTool(toolId: string, toolConfig: Record<string, unknown>): Promise<WorkspaceTool> {
    return this.send<WorkspaceTool>(
      'PATCH',
      `/v1/convai/tools/${encodeURIComponent(toolId)}`,
      { tool_config: toolConfig },
      (error) => error.rateLimited,
    );
  }

  /** The conversation monitoring socket's address and the header it authenticates with. */
  monitorEndpoint(conversationId: string): { url: string; headers: Record<string, string> } {
    const base = new URL(this.endpoint.baseUrl());
    base.protocol = base.protocol === 'http:' ? 'ws:' : 'wss:';
    const path = `${base.pathname.replace(/\/+$/, '')}/v1/convai/conversations/${encodeURIComponent(conversationId)}/monitor`;
    return {
      url: `${base.origin}${path}`,
      headers: { 'xi-api-key': this.config.elevenLabs.apiKey },
    };
  }

  private async send<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    data: unknown,
    retryable: (error: ElevenLabsError) => boolean,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sendOnce<T>(method, path, data);
      } catch (error) {
        if (!(error instanceof ElevenLabsError) || attempt >= MAX_RETRIES || !retryable(error))
          throw error;
        const retryAfter = Number((error.body as { retryAfter?: number } | undefined)?.retryAfter);
        const delay = backoffDelay(attempt, retryAfter);
        this.logger.warn(
          `${method} ${path} failed (${error.reason}); retrying in ${Math.round(delay)} ms`,
        );
        await sleep(delay);
      }
    }
  }

  private async sendOnce<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    data: unknown,
  ): Promise<T> {
    const timeoutMs = this.config.elevenLabs.timeoutMs;
    let response: AxiosResponse<unknown>;
    try {
      response = await this.http.axiosRef.request({
        method,
        url: `${this.endpoint.baseUrl()}${path}`,
        data,
        headers: {
          'xi-api-key': this.config.elevenLabs.apiKey,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        timeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
        validateStatus: () => true,
        responseType: 'json',
        maxRedirects: 0,
      });
    } catch (error) {
      throw toTransportError(error, timeoutMs);
    }
    if (response.status >= 200 && response.status < 300) {
      if (typeof response.data !== 'object' || response.data === null) {
        throw new ElevenLabsError(
          'invalid_response',
          'ElevenLabs sent a body that is not JSON',
          response.status,
        );
      }
      return response.data as T;
    }
    const described = describeErrorBody(response.data);
    const retryAfter = Number(response.headers['retry-after']);
    throw new ElevenLabsError(
      'http',
      `ElevenLabs answered ${response.status}${described ? `: ${described}` : ''}`,
      response.status,
      Number.isFinite(retryAfter) ? { retryAfter, body: response.data } : response.data,
    );
  }
}

function toTransportError(error: unknown, timeoutMs: number): ElevenLabsError {
  if (isAxiosError(error)) {
    if (
      error.code === 'ECONNABORTED' ||
      error.code === 'ETIMEDOUT' ||
      error.code === 'ERR_CANCELED'
    ) {
      return new ElevenLabsError(
        'timeout',
        `Connection timeout: ElevenLabs did not answer within ${timeoutMs} ms`,
      );
    }
    return new ElevenLabsError(
      'network',
      `Could not reach ElevenLabs (${error.code ?? error.message})`,
    );
  }
  if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') {
    return new ElevenLabsError(
      'timeout',
      `Connection timeout: ElevenLabs did not answer within ${timeoutMs} ms`,
    );
  }
  return new ElevenLabsError('network', `Could not reach ElevenLabs (${(error as Error).message})`);
}
