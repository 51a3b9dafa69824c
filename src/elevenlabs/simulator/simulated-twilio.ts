import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, Router } from 'express';
import webhooks from 'twilio/lib/webhooks/webhooks.js';
import type { SimulatedConversation } from './simulated-conversation.js';

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

/** A transcription started on a call (Twilio's Calls Transcriptions resource). */
interface Transcription {
  sid: string;
  callbackUrl: string;
  track: 'inbound_track' | 'outbound_track' | 'both_tracks';
  sequence: number;
}

function twilioError(res: Response, status: number, code: number, message: string): void {
  res
    .status(status)
    .json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

/**
 * Twilio's Real-Time Transcription as the customer's Twilio account would run it for a call the
 * simulator placed (ELEVENLABS.md §6): `POST /2010-04-01/Accounts/{sid}/Calls/{callSid}/Transcriptions.json`
 * with HTTP Basic auth, then form-encoded callbacks signed with `X-Twilio-Signature`.
 */
export class SimulatedTwilio {
  readonly router = Router();
  private readonly transcriptions = new Map<string, Transcription>();

  constructor(
    private readonly credentials: TwilioCredentials,
    private readonly callByTwilioSid: (callSid: string) => SimulatedConversation | undefined,
    private readonly signal: AbortSignal,
    private readonly log?: (message: string) => void,
  ) {
    this.router.post(
      '/2010-04-01/Accounts/:accountSid/Calls/:callSid/Transcriptions.json',
      express.urlencoded({ extended: false }),
      (req, res) => this.start(req, res),
    );
  }

  /** A turn was said: a final transcription result for its track, if one is running. */
  async said(conversation: SimulatedConversation, role: 'agent' | 'user', text: string) {
    const transcription = this.transcriptions.get(conversation.twilioCallSid);
    if (!transcription) return;
    const track = role === 'user' ? 'inbound_track' : 'outbound_track';
    if (transcription.track !== 'both_tracks' && transcription.track !== track) return;
    await this.callback(conversation, transcription, 'transcription-content', {
      Track: track,
      Final: 'true',
      // The agent's line is transcribed from its synthesised audio, not copied from the LLM.
      TranscriptionData: JSON.stringify({
        transcript: role === 'agent' ? asHeard(text) : text,
        confidence: 0.93,
      }),
      LanguageCode: 'en-US',
    });
  }

  async stopped(conversation: SimulatedConversation): Promise<void> {
    const transcription = this.transcriptions.get(conversation.twilioCallSid);
    if (!transcription) return;
    this.transcriptions.delete(conversation.twilioCallSid);
    await this.callback(conversation, transcription, 'transcription-stopped', {});
  }

  private start(req: Request, res: Response): void {
    const expected = `Basic ${Buffer.from(`${this.credentials.accountSid}:${this.credentials.authToken}`).toString('base64')}`;
    if (req.header('authorization') !== expected) {
      twilioError(res, 401, 20003, 'Authenticate');
      return;
    }
    if (req.params.accountSid !== this.credentials.accountSid) {
      twilioError(res, 404, 20404, 'The requested resource was not found');
      return;
    }
    const callSid = String(req.params.callSid);
    const conversation = this.callByTwilioSid(callSid);
    if (!conversation || conversation.status === 'done' || conversation.status === 'failed') {
      twilioError(res, 404, 20404, `The requested resource /Calls/${callSid} was not found`);
      return;
    }
    const body = req.body as Record<string, string | undefined>;
    const track = body.Track ?? 'inbound_track';
    if (
      !body.StatusCallbackUrl ||
      !['inbound_track', 'outbound_track', 'both_tracks'].includes(track)
    ) {
      twilioError(
        res,
        400,
        21620,
        'StatusCallbackUrl is required and Track must be inbound_track, outbound_track or both_tracks',
      );
      return;
    }
    const transcription: Transcription = {
      sid: `GT${randomBytes(16).toString('hex')}`,
      callbackUrl: body.StatusCallbackUrl,
      track: track as Transcription['track'],
      sequence: 0,
    };
    this.transcriptions.set(callSid, transcription);
    res.status(201).json({
      sid: transcription.sid,
      account_sid: this.credentials.accountSid,
      call_sid: callSid,
      name: body.Name ?? null,
      status: 'in-progress',
      date_updated: new Date().toUTCString(),
      uri: `/2010-04-01/Accounts/${this.credentials.accountSid}/Calls/${callSid}/Transcriptions/${transcription.sid}.json`,
    });
    void this.callback(conversation, transcription, 'transcription-started', {});
  }

  private async callback(
    conversation: SimulatedConversation,
    transcription: Transcription,
    event: string,
    extra: Record<string, string>,
  ): Promise<void> {
    const params: Record<string, string> = {
      AccountSid: this.credentials.accountSid,
      CallSid: conversation.twilioCallSid,
      TranscriptionSid: transcription.sid,
      TranscriptionEvent: event,
      Timestamp: new Date().toISOString(),
      SequenceId: String(++transcription.sequence),
      ...extra,
    };
    const signature = webhooks.getExpectedTwilioSignature(
      this.credentials.authToken,
      transcription.callbackUrl,
      params,
    );
    try {
      const response = await fetch(transcription.callbackUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature,
        },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.any([AbortSignal.timeout(10000), this.signal]),
      });
      if (!response.ok)
        this.log?.(
          `Twilio callback ${event} answered ${response.status}: ${await response.text()}`,
        );
    } catch (error) {
      if (!this.signal.aborted)
        this.log?.(`Twilio callback ${event} failed: ${(error as Error).message}`);
    }
  }
}

/** What speech recognition makes of a synthesised line: no punctuation, lower case. */
function asHeard(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
