import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { ElevenLabsEndpoint } from '../elevenlabs/elevenlabs-endpoint.js';

export class TwilioError extends Error {}

/** The customer's Twilio account's REST API, for what ElevenLabs does not do itself. */
@Injectable()
export class TwilioClient {
  constructor(
    private readonly http: HttpService,
    private readonly endpoint: ElevenLabsEndpoint,
    private readonly config: AppConfig,
  ) {}

  /**
   * Starts Real-Time Transcription of both sides of a call; results are POSTed to
   * `callbackUrl`. Returns the transcription's SID.
   */
  async startTranscription(callSid: string, callbackUrl: string): Promise<string> {
    const { accountSid, authToken } = this.config.twilio;
    const url = `${this.endpoint.twilioBaseUrl()}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Calls/${encodeURIComponent(callSid)}/Transcriptions.json`;
    const form = new URLSearchParams({
      StatusCallbackUrl: callbackUrl,
      StatusCallbackMethod: 'POST',
      Track: 'both_tracks',
      PartialResults: 'false',
      LanguageCode: 'en-US',
      Name: `dispatch-voice ${callSid}`,
    });
    const timeout = this.config.elevenLabs.timeoutMs;
    let response;
    try {
      response = await this.http.axiosRef.post<{ sid?: string; message?: string }>(
        url,
        form.toString(),
        {
          auth: { username: accountSid, password: authToken },
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          timeout,
          signal: AbortSignal.timeout(timeout),
          validateStatus: () => true,
        },
      );
    } catch (error) {
      throw new TwilioError(`Could not reach Twilio (${(error as Error).message})`);
    }
    if (response.status >= 300 || typeof response.data?.sid !== 'string') {
      throw new TwilioError(
        `Twilio answered ${response.status}${response.data?.message ? `: ${response.data.message}` : ''}`,
      );
    }
    return response.data.sid;
  }
}
