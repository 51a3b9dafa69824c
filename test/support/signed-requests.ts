import { SIMULATOR_WEBHOOK_SECRET } from '../../src/config/app-config.js';
import { pythonJson } from '../../src/elevenlabs/simulator/python-json.js';
import { signatureFor } from '../../src/elevenlabs/webhook-signature.js';
import { send } from './http-client.js';

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

/** A signed transcription webhook through the keep-alive client. */
export function sendTranscription(baseUrl: string, payload: Record<string, unknown>) {
  return sendSigned(baseUrl, '/webhooks/elevenlabs/transcription', JSON.stringify(payload));
}

export { pythonJson };
