import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import { ElevenLabsSimulator } from '../src/elevenlabs/simulator/elevenlabs-simulator.js';
import { buildPrompt } from '../src/calls/placement/prompt-builder.js';
import { planAgentUpdate } from '../src/elevenlabs/agent/agent-diff.js';
import { agentRequirements } from '../src/elevenlabs/agent/agent-requirements.js';
import { sdkParses } from './support/sdk-schemas.js';

const API_KEY = 'sk_simulator_test';
const SECRET = 'wsec_simulator_test';

/** The simulator on its own, checked against the official SDK's strict schemas. */
describe('ElevenLabs simulator speaks the real wire format', () => {
  let simulator: ElevenLabsSimulator;
  let receiver: Server;
  let client: ElevenLabsClient;
  const webhooks: { path: string; body: string; signature: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        webhooks.push({
          path: req.url!,
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(req.headers['elevenlabs-signature']),
        });
        res.end('{}');
      });
    }).listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    simulator = new ElevenLabsSimulator({
      apiKey: API_KEY,
      webhookSecret: SECRET,
      turnDelayMs: 5,
      webhookBaseUrl: () => receiverUrl,
      perTurnWebhooks: true,
    });
    const url = await simulator.listen();
    // What `npm run agent:sync` would do to the agent.
    const plan = planAgentUpdate(simulator.agents.get('agent_test'), agentRequirements('webhook'));
    simulator.agents.patch('agent_test', plan.patch);
    client = new ElevenLabsClient({
      apiKey: API_KEY,
      baseUrl: url,
      maxRetries: 0,
      timeoutInSeconds: 2,
    });
  });
  afterAll(async () => {
    await simulator.close();
    receiver.close();
  });

  const outbound = (toNumber: string, agentId = 'agent_test') =>
    client.conversationalAi.twilio.outboundCall({
      agentId,
      agentPhoneNumberId: 'phnum_test',
      toNumber,
      conversationInitiationClientData: {
        dynamicVariables: { call_sid: `EL_SDK_${toNumber}`, driver_name: 'Ana Diaz' },
        conversationConfigOverride: {
          agent: {
            prompt: {
              prompt: buildPrompt({
                driverName: 'Ana Diaz',
                tripId: 'T1',
                details: [{ type: 'violation', description: 'Reefer at 45F' }],
                caller: {
                  companyName: 'Sample Trucking Co.',
                  recordingNotice: true,
                  callbackNumber: null,
                },
              }),
            },
            firstMessage: 'Hi Ana',
          },
        },
      },
    });

  it('refuses a call whose overrides the agent does not allow, as a new agent does', async () => {
    await expect(outbound('+12192002824', 'agent_fresh')).rejects.toMatchObject({
      statusCode: 400,
      body: { detail: { status: 'override_not_allowed' } },
    });
    expect(simulator.conversationCount).toBe(0);
  });

  it('answers the outbound call and the conversation in shapes the SDK parses', async () => {
    const placed = await outbound('+12192002824');
    expect(placed).toMatchObject({
      success: true,
      conversationId: expect.stringMatching(/^conv_/),
      callSid: expect.stringMatching(/^CA/),
    });
    await simulator.finished(placed.conversationId!);
    const conversation = await client.conversationalAi.conversations.get(placed.conversationId!);
    expect(conversation.status).toBe('done');
    expect(conversation.transcript.length).toBeGreaterThanOrEqual(6);
    expect(conversation.transcript.some((turn) => turn.message?.includes('Reefer at 45F'))).toBe(
      true,
    );
    expect(conversation.analysis?.callSuccessful).toBe('success');
    expect(conversation.hasAudio).toBe(true);
  });

  it('lists conversations newest first, in progress too, in the shape the SDK parses', async () => {
    const first = await outbound('+12192002824');
    const second = await outbound('+12192002824');
    const listed = await client.conversationalAi.conversations.list({
      agentId: 'agent_test',
      pageSize: 1,
    });
    expect(listed.conversations.map((c) => c.conversationId)).toEqual([second.conversationId]);
    expect(listed.hasMore).toBe(true);
    const url = `${simulator.url}/v1/convai/conversations?page_size=100&call_start_after_unix=0`;
    const raw = await fetch(url, { headers: { 'xi-api-key': API_KEY } });
    const page = (await raw.json()) as { conversations: { conversation_id: string }[] };
    expect(sdkParses.conversationsPage(page)).toMatchObject({ ok: true });
    const ids = page.conversations.map((c) => c.conversation_id);
    expect(ids.indexOf(second.conversationId!)).toBeLessThan(ids.indexOf(first.conversationId!));
    const tooMany = await fetch(url.replace('page_size=100', 'page_size=101'), {
      headers: { 'xi-api-key': API_KEY },
    });
    expect(tooMany.status).toBe(422);
  });

  it('sends signed webhooks the SDK verifies: a turn each, then post-call', async () => {
    const placed = await outbound('+13125550101');
    await simulator.finished(placed.conversationId!);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const mine = webhooks.filter(
      (w) => w.body.includes(placed.conversationId!) || w.body.includes('EL_SDK_+13125550101'),
    );
    const turns = mine.filter((w) => w.path === '/webhooks/elevenlabs/transcription');
    const postCall = mine.filter((w) => w.path === '/webhooks/elevenlabs/post-call');
    expect(turns.length).toBeGreaterThanOrEqual(6);
    expect(JSON.parse(turns[0]!.body)).toEqual({
      call_sid: 'EL_SDK_+13125550101',
      speaker: 'agent',
      message: 'Hi Ana',
      timestamp: expect.any(String),
    });
    expect(postCall.map((w) => JSON.parse(w.body).type)).toEqual([
      'post_call_transcription',
      'post_call_audio',
    ]);
    expect(postCall[0]!.body).toContain('", "');
    for (const webhook of mine) {
      await expect(
        client.webhooks.constructEvent(webhook.body, webhook.signature, SECRET),
      ).resolves.toBeDefined();
    }
  });

  it('makes its test numbers misbehave as documented', async () => {
    const busy = await outbound('+15005550001');
    await simulator.finished(busy.conversationId!);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const failure = webhooks.find((w) => w.body.includes(busy.conversationId!))!;
    expect(JSON.parse(failure.body)).toMatchObject({
      type: 'call_initiation_failure',
      data: { failure_reason: 'busy', metadata: { type: 'twilio' } },
    });
    await expect(outbound('+15005550003')).rejects.toMatchObject({ statusCode: 500 });
    await expect(outbound('+15005550004')).rejects.toMatchObject({ statusCode: 429 });
    await expect(outbound('+15005550005')).rejects.toThrow(/timeout|timed out/i);
  });

  it("refuses a call beyond the account's concurrent-call limit, as the platform does", async () => {
    const limited = new ElevenLabsSimulator({
      apiKey: API_KEY,
      webhookSecret: SECRET,
      turnDelayMs: 100,
      webhookBaseUrl: () => undefined,
      concurrencyLimit: 2,
    });
    const url = await limited.listen();
    const place = (n: number) =>
      fetch(`${url}/v1/convai/twilio/outbound-call`, {
        method: 'POST',
        headers: { 'xi-api-key': API_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({
          agent_id: 'agent_test',
          agent_phone_number_id: 'phnum_test',
          to_number: `+1219200282${n}`,
        }),
      });
    try {
      const live = [await place(1), await place(2)];
      expect(live.map((response) => response.status)).toEqual([200, 200]);
      const refused = await place(3);
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({
        detail: { status: 'concurrent_limit_exceeded' },
      });
      for (const response of live)
        await limited.finished(
          ((await response.json()) as { conversation_id: string }).conversation_id,
        );
      expect((await place(4)).status).toBe(200);
      expect(limited.peakLiveConversations).toBe(2);
    } finally {
      await limited.close();
    }
  });

  it('checks the API key and 404s unknown conversations like ElevenLabs', async () => {
    const stranger = new ElevenLabsClient({
      apiKey: 'sk_wrong',
      baseUrl: (client as unknown as { _options: { baseUrl: string } })._options.baseUrl,
      maxRetries: 0,
    });
    await expect(stranger.conversationalAi.conversations.get('conv_x')).rejects.toMatchObject({
      statusCode: 401,
    });
    await expect(client.conversationalAi.conversations.get('conv_missing')).rejects.toMatchObject({
      statusCode: 404,
    });
  });
});
