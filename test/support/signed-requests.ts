import { SIMULATOR_WEBHOOK_SECRET } from '../../src/config/app-config.js';
import { pythonJson } from '../../src/elevenlabs/simulator/python-json.js';
import { signatureFor } from '../../src/elevenlabs/webhook-signature.js';
import { send } from './http-client.js';

/** A signed transcription webhook through the keep-alive client. */
export function sendTranscription(baseUrl: string, payload: Record<string, unknown>) {
  const body = JSON.stringify(payload);
  return send(`${baseUrl}/webhooks/elevenlabs/transcription`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'elevenlabs-signature': signatureFor(
        body,
        SIMULATOR_WEBHOOK_SECRET,
        Math.floor(Date.now() / 1000),
      ),
    },
    body,
  });
}

export function sendSigned(baseUrl: string, path: string, body: string) {
  return send(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'elevenlabs-signature': signatureFor(
        body,
        SIMULATOR_WEBHOOK_SECRET,
        Math.floor(Date.now() / 1000),
      ),
    },
    body,
  });
}

export { pythonJson };
