import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'elevenlabs-signature';
/** ElevenLabs' own tolerance for old signatures. */
export const MAX_SIGNATURE_AGE_SECONDS = 30 * 60;
/** Not in ElevenLabs' SDKs: a signature from the future is refused past clock skew. */
export const MAX_SIGNATURE_SKEW_SECONDS = 5 * 60;

export function signatureFor(rawBody: Buffer | string, secret: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
  return `t=${timestamp},v0=${mac}`;
}

export class SignatureError extends Error {}

/**
 * Checks `ElevenLabs-Signature: t=<unix>,v0=<hex>` over the exact bytes received the way the
 * official SDK's `webhooks.constructEvent` does (first `t=` and first `v0=` entry, nothing
 * trimmed, 30-minute age limit, lowercase hex), compared in constant time. Two deliberate
 * additions: a timestamp must be a number, and may be at most 5 minutes in the future.
 * Returns the signed timestamp in seconds.
 */
export function verifySignature(
  rawBody: Buffer,
  header: string | undefined,
  secret: string,
  nowSeconds = Date.now() / 1000,
): number {
  const { timestamp, signature, signedAt } = parseSignatureHeader(header, nowSeconds);
  const expected = Buffer.from(
    `v0=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`,
    'utf8',
  );
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new SignatureError(
      'Signature hash does not match the expected signature hash for payload',
    );
  }
  return signedAt;
}

/**
 * The header's form and age alone, which need no body: checked before a body is read, so a
 * request without a well-formed, fresh signature costs no buffering.
 */
export function parseSignatureHeader(
  header: string | undefined,
  nowSeconds = Date.now() / 1000,
): { timestamp: string; signature: string; signedAt: number } {
  if (!header) throw new SignatureError('Missing signature header');
  const parts = header.split(',');
  const timestamp = parts.find((part) => part.startsWith('t='))?.substring(2);
  const signature = parts.find((part) => part.startsWith('v0='));
  if (!timestamp || !signature)
    throw new SignatureError('No signature hash found with expected scheme v0');
  const signedAt = Number(timestamp);
  if (!Number.isFinite(signedAt) || signedAt < nowSeconds - MAX_SIGNATURE_AGE_SECONDS) {
    throw new SignatureError('Timestamp outside the tolerance zone');
  }
  if (signedAt > nowSeconds + MAX_SIGNATURE_SKEW_SECONDS)
    throw new SignatureError('Timestamp is in the future');
  return { timestamp, signature, signedAt };
}
