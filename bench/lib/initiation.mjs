import { randomBytes } from 'node:crypto';
import { percentile } from './stats.mjs';

/** A Twilio call SID, as the platform sends it in the initiation request. */
const twilioSid = () => `CA${randomBytes(16).toString('hex')}`;

/**
 * Times the conversation-initiation webhook as the platform calls it while the phone rings:
 * `requests` callbacks, `concurrency` at once, from `callers` (drivers on record) and, every
 * fourth, a number nobody has. Each answer must be a 200 with client data.
 */
export async function initiationLatency({
  url,
  toolSecret,
  agentId,
  callers,
  requests,
  concurrency,
}) {
  const latencies = [];
  let failures = 0;
  let next = 0;
  const one = async (index) => {
    const callerId =
      index % 4 === 3
        ? `+1219556${String(index % 10000).padStart(4, '0')}`
        : callers[index % callers.length];
    const started = performance.now();
    const response = await fetch(`${url}/webhooks/elevenlabs/conversation-initiation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tool-secret': toolSecret },
      body: JSON.stringify({
        caller_id: callerId,
        agent_id: agentId,
        called_number: '+12195550100',
        call_sid: twilioSid(),
      }),
    });
    const body = await response.json().catch(() => null);
    latencies.push(performance.now() - started);
    if (response.status !== 200 || body?.type !== 'conversation_initiation_client_data')
      failures += 1;
  };
  const worker = async () => {
    while (next < requests) await one(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return {
    failures,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
