import type { Request } from 'express';
import { replaceNul } from '../common/nul-characters.js';
import {
  SIGNATURE_HEADER,
  SignatureError,
  verifySignature,
} from '../elevenlabs/webhook-signature.js';
import { WebhooksException } from './webhooks.exception.js';

export interface SignedWebhook {
  raw: Buffer;
  /** The body decoded once, for parsing and for the webhook log. */
  text: string;
  signedAt: number;
  json: unknown;
}

/** Checks the signature over the exact bytes received, then parses them. 401 / 400 otherwise. */
export function readSignedWebhook(request: Request, secret: string): SignedWebhook {
  const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  let signedAt: number;
  try {
    signedAt = verifySignature(raw, request.header(SIGNATURE_HEADER), secret);
  } catch (error) {
    if (error instanceof SignatureError) {
      throw new WebhooksException(
        'INVALID_SIGNATURE',
        `Invalid webhook signature: ${error.message}`,
      );
    }
    throw error;
  }
  const text = raw.toString('utf8');
  try {
    return { raw, text, signedAt, json: replaceNul(JSON.parse(text)) };
  } catch {
    throw new WebhooksException('INVALID_PAYLOAD', 'Webhook body is not valid JSON');
  }
}
