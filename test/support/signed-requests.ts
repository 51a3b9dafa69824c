import { send } from './http-client.js';
import { signed } from './webhooks.js';

/** A signed webhook through the keep-alive client (for load: supertest opens a socket a request). */
export function sendSigned(baseUrl: string, path: string, body: string) {
  return send(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'elevenlabs-signature': signed(body).signature },
    body,
  });
}

/** A signed transcription webhook through the keep-alive client. */
export function sendTranscription(baseUrl: string, payload: Record<string, unknown>) {
  return sendSigned(baseUrl, '/webhooks/elevenlabs/transcription', JSON.stringify(payload));
}
