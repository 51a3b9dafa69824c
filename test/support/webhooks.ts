import request from 'supertest';
import { SIMULATOR_WEBHOOK_SECRET } from '../../src/config/app-config.js';
import { pythonJson } from '../../src/elevenlabs/simulator/python-json.js';
import { signatureFor } from '../../src/elevenlabs/webhook-signature.js';

export function signed(
  body: string,
  secret = SIMULATOR_WEBHOOK_SECRET,
  timestamp = Math.floor(Date.now() / 1000),
) {
  return { body, signature: signatureFor(body, secret, timestamp) };
}

export function postTranscription(url: string, payload: Record<string, unknown>) {
  const { body, signature } = signed(JSON.stringify(payload));
  return request(url)
    .post('/webhooks/elevenlabs/transcription')
    .set('content-type', 'application/json')
    .set('elevenlabs-signature', signature)
    .send(body);
}

/** Python-spaced, like ElevenLabs sends it. */
export function postPostCall(url: string, type: string, data: Record<string, unknown>) {
  const { body, signature } = signed(
    pythonJson({ type, event_timestamp: Math.floor(Date.now() / 1000), data }),
  );
  return request(url)
    .post('/webhooks/elevenlabs/post-call')
    .set('content-type', 'application/json')
    .set('elevenlabs-signature', signature)
    .send(body);
}
