import autocannon from 'autocannon';
import { signatureFor } from '../../dist/src/elevenlabs/webhook-signature.js';

export function sign(body, secret) {
  return signatureFor(body, secret, Math.floor(Date.now() / 1000));
}

/**
 * Signed transcription webhooks with autocannon, rate-limited (`rate` per second overall) so
 * latency is measured at a load the service can keep up with rather than under a pile-up.
 * `next()` returns the payload of each request; `onSent` sees it at send time.
 */
export async function webhookLoad({
  url,
  secret,
  seconds,
  rate,
  connections = 32,
  next,
  onSent = () => undefined,
}) {
  const result = await autocannon({
    url: `${url}/webhooks/elevenlabs/transcription`,
    method: 'POST',
    connections,
    duration: seconds,
    overallRate: rate,
    timeout: 10,
    requests: [
      {
        setupRequest: (request) => {
          const payload = next();
          const body = JSON.stringify(payload);
          onSent(payload);
          return {
            ...request,
            body,
            headers: {
              'content-type': 'application/json',
              'elevenlabs-signature': sign(body, secret),
            },
          };
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / seconds,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}
