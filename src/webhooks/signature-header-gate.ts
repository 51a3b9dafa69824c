import type { NextFunction, Request, Response } from 'express';
import {
  parseSignatureHeader,
  SIGNATURE_HEADER,
  SignatureError,
} from '../elevenlabs/webhook-signature.js';

/** The signed webhook routes: their bodies are buffered raw (the HMAC covers the exact bytes). */
export const SIGNED_WEBHOOK_PATHS = [
  '/webhooks/elevenlabs/transcription',
  '/webhooks/elevenlabs/post-call',
];

/**
 * Answers 401 before a single body byte is read when the signature header is missing, malformed
 * or stale, and closes the connection rather than reading the rest of the body: a forged request
 * then costs no buffering, however large its body. The HMAC itself is checked once the body is in.
 */
export function signatureHeaderGate(request: Request, response: Response, next: NextFunction) {
  try {
    parseSignatureHeader(request.header(SIGNATURE_HEADER));
    next();
  } catch (error) {
    if (!(error instanceof SignatureError)) return next(error);
    response
      .status(401)
      .set('connection', 'close')
      .json({ detail: `Invalid webhook signature: ${error.message}` });
  }
}
