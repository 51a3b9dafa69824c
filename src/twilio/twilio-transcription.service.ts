import { Injectable, Logger } from '@nestjs/common';
import webhooks from 'twilio/lib/webhooks/webhooks.js';
import { CallsRepository } from '../calls/record/calls.repository.js';
import { replaceNul } from '../common/nul-characters.js';
import { SpeakerType } from '../calls/transcript/speaker-type.js';
import { TranscriptStore } from '../calls/transcript/transcript-store.js';
import { AppConfig } from '../config/app-config.js';
import { PublicUrl } from '../config/public-url.js';
import { TwilioException } from './twilio.exception.js';

export const TWILIO_TRANSCRIPTION_PATH = '/webhooks/twilio/transcription';
/** Twilio's SIDs: two letters and 32 hex digits (a little slack for other shapes). */
const SID = /^[A-Za-z]{2}[0-9a-fA-F]{16,40}$/;

export interface TwilioAck {
  status: 'stored' | 'duplicate' | 'claimed' | 'ignored' | 'unknown_call';
}

const TRACKS: Record<string, SpeakerType> = {
  // The person called: the driver.
  inbound_track: SpeakerType.DRIVER,
  // What the call sends them: the agent's voice.
  outbound_track: SpeakerType.AGENT,
};

/**
 * ELEVENLABS_LIVE_SOURCE=twilio: Twilio Real-Time Transcription's callbacks. Each is checked
 * against `X-Twilio-Signature` (the `twilio` package's check, over PUBLIC_BASE_URL + path); final
 * results become turns through the one transcript write path.
 */
@Injectable()
export class TwilioTranscriptionService {
  private readonly logger = new Logger('TwilioTranscription');

  constructor(
    private readonly calls: CallsRepository,
    private readonly transcripts: TranscriptStore,
    private readonly publicUrl: PublicUrl,
    private readonly config: AppConfig,
  ) {}

  async handle(params: Record<string, string>, signature: string | undefined): Promise<TwilioAck> {
    // Only the live source in use may write turns: otherwise a forged callback is all it takes.
    if (this.config.live.source !== 'twilio')
      throw new TwilioException(
        'TWILIO_SOURCE_OFF',
        'Twilio transcription callbacks are not accepted: ELEVENLABS_LIVE_SOURCE is not twilio',
      );
    const url = this.publicUrl.of(TWILIO_TRANSCRIPTION_PATH);
    const { authToken } = this.config.twilio;
    if (!signature || !authToken || !webhooks.validateRequest(authToken, signature, url, params))
      throw new TwilioException('INVALID_SIGNATURE', 'Invalid Twilio signature');
    switch (params.TranscriptionEvent) {
      case 'transcription-content':
        return this.content(params);
      case 'transcription-error':
        this.logger.warn(
          `Twilio transcription of call ${params.CallSid} failed: ${params.TranscriptionError ?? 'no reason given'}`,
        );
        return { status: 'ignored' };
      default:
        return { status: 'ignored' };
    }
  }

  private async content(params: Record<string, string>): Promise<TwilioAck> {
    if (params.Final !== 'true') return { status: 'ignored' };
    const speaker = TRACKS[params.Track ?? ''];
    const text = transcriptOf(params.TranscriptionData);
    if (
      !speaker ||
      !text ||
      !SID.test(params.CallSid ?? '') ||
      !SID.test(params.TranscriptionSid ?? '') ||
      !/^\d{1,10}$/.test(params.SequenceId ?? '')
    ) {
      throw new TwilioException(
        'INVALID_PAYLOAD',
        'transcription-content needs a CallSid and TranscriptionSid (Twilio SIDs), a numeric SequenceId, a Track and TranscriptionData with a transcript',
      );
    }
    const call = await this.calls.findByTwilioCallSid(params.CallSid);
    if (!call) {
      this.logger.warn(`Twilio transcription for unknown call ${params.CallSid}`);
      return { status: 'unknown_call' };
    }
    const body = new URLSearchParams(params).toString();
    const said = Date.parse(params.Timestamp ?? '');
    const result = await this.transcripts.recordLiveTurn(
      { callSid: call.callSid },
      { speaker, text, timestamp: Number.isNaN(said) ? new Date() : new Date(said) },
      {
        source: 'twilio',
        key: `twilio:${params.TranscriptionSid}:${params.SequenceId}`,
        logType: 'twilio:transcription-content',
        body,
        bodyBytes: Buffer.byteLength(body),
        signedAt: Date.now() / 1000,
      },
    );
    return { status: result.outcome };
  }
}

function transcriptOf(data: string | undefined): string | null {
  try {
    const parsed = JSON.parse(data ?? '') as { transcript?: unknown };
    return typeof parsed.transcript === 'string' && parsed.transcript.trim()
      ? replaceNul(parsed.transcript)
      : null;
  } catch {
    return null;
  }
}
