import { createHmac } from 'node:crypto';
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import fc from 'fast-check';
import { MAX_SIGNATURE_SKEW_SECONDS, signatureFor, verifySignature } from './webhook-signature.js';

const sdk = new ElevenLabsClient({ apiKey: 'sk_test_unused' });

async function sdkAccepts(
  body: string,
  header: string | undefined,
  secret: string,
): Promise<boolean> {
  try {
    await sdk.webhooks.constructEvent(body, header as string, secret);
    return true;
  } catch {
    return false;
  }
}

function oursAccepts(body: string, header: string | undefined, secret: string): boolean {
  try {
    verifySignature(Buffer.from(body, 'utf8'), header, secret);
    return true;
  } catch {
    return false;
  }
}

const hmac = (secret: string, t: string, body: string) =>
  createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

/** Ways a header can be written, right or wrong. */
const headerVariant = fc.constantFrom(
  'exact',
  'uppercase',
  'wrong-secret',
  'spaces',
  'reordered',
  'no-v0',
  'no-t',
  'v1',
  'duplicate-v0-first-wrong',
  'duplicate-v0-first-right',
  'extra-field',
  'empty',
  'missing',
);

function header(variant: string, secret: string, t: string, body: string): string | undefined {
  const mac = hmac(secret, t, body);
  switch (variant) {
    case 'exact':
      return `t=${t},v0=${mac}`;
    case 'uppercase':
      return `t=${t},v0=${mac.toUpperCase()}`;
    case 'wrong-secret':
      return `t=${t},v0=${hmac(`${secret}x`, t, body)}`;
    case 'spaces':
      return `t=${t}, v0=${mac}`;
    case 'reordered':
      return `v0=${mac},t=${t}`;
    case 'no-v0':
      return `t=${t}`;
    case 'no-t':
      return `v0=${mac}`;
    case 'v1':
      return `t=${t},v1=${mac}`;
    case 'duplicate-v0-first-wrong':
      return `t=${t},v0=${'0'.repeat(64)},v0=${mac}`;
    case 'duplicate-v0-first-right':
      return `t=${t},v0=${mac},v0=${'0'.repeat(64)}`;
    case 'extra-field':
      return `t=${t},v0=${mac},x=1`;
    case 'empty':
      return '';
    default:
      return undefined;
  }
}

describe('webhook signature check versus the official SDK', () => {
  it('accepts and refuses exactly what webhooks.constructEvent does, plus the future bound', async () => {
    // Offsets keep two seconds away from each bound so the two checks never straddle a tick;
    // "now" is read for each case, as both checks read the clock then (1,500 cases take seconds
    // on a loaded machine: one "now" for all of them once let a case drift across the bound).
    const offset = fc.oneof(
      fc.integer({ min: -7200, max: -1802 }),
      fc.integer({ min: -1798, max: MAX_SIGNATURE_SKEW_SECONDS - 2 }),
      fc.integer({ min: MAX_SIGNATURE_SKEW_SECONDS + 2, max: 86400 }),
    );
    const body = fc.json().map((json) => json);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }),
        body,
        offset,
        headerVariant,
        async (secret, json, delta, variant) => {
          const t = String(Math.floor(Date.now() / 1000) + delta);
          const value = header(variant, secret, t, json);
          const ours = oursAccepts(json, value, secret);
          const theirs = await sdkAccepts(json, value, secret);
          if (delta > MAX_SIGNATURE_SKEW_SECONDS) expect(ours).toBe(false);
          else expect(ours).toBe(theirs);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('accepts its own signatures and refuses a one-byte change', () => {
    const body = '{"type": "post_call_transcription", "data": {}}';
    const t = Math.floor(Date.now() / 1000);
    expect(verifySignature(Buffer.from(body), signatureFor(body, 'wsec_a', t), 'wsec_a')).toBe(t);
    expect(() =>
      verifySignature(
        Buffer.from(body.replace('data', 'date')),
        signatureFor(body, 'wsec_a', t),
        'wsec_a',
      ),
    ).toThrow('Signature hash does not match');
  });
});
