import request from 'supertest';
import webhooks from 'twilio/lib/webhooks/webhooks.js';
import { CallStatus } from '../src/calls/record/call-status.js';
import { Call } from '../src/calls/record/call.entity.js';
import {
  SIMULATOR_AGENT_ID,
  SIMULATOR_PHONE_NUMBER_ID,
  SIMULATOR_TWILIO_ACCOUNT_SID,
  SIMULATOR_TWILIO_AUTH_TOKEN,
} from '../src/config/app-config.js';
import { AgentCheck } from '../src/elevenlabs/agent/agent-check.js';
import { AgentSyncService } from '../src/elevenlabs/agent/agent-sync.service.js';
import { ElevenLabsEndpoint } from '../src/elevenlabs/elevenlabs-endpoint.js';
import type { ElevenLabsSimulator } from '../src/elevenlabs/simulator/elevenlabs-simulator.js';
import { SIMULATED_AGENT_NUMBER } from '../src/elevenlabs/simulator/simulated-conversation.js';
import { WebhookEvent } from '../src/webhooks/entities/webhook-event.entity.js';
import { callRequest } from './support/call-requests.js';
import { startPlatform } from './support/platform.js';
import { turnsOf } from './support/stored-turns.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { until } from './support/until.js';
import { connectWs, type WsClient } from './support/ws-client.js';

const TWO_ITEMS = [
  { type: 'violation', description: 'Your reefer is at 45 degrees but must be 38 degrees' },
  { type: 'reminder', description: 'Send the loaded trailer pictures' },
];
const CUT_OFF_TAIL = 'It has to be fixed before your next stop.';

async function placeCall(t: TestApp, phoneNumber = '+12192002824') {
  const response = await request(t.url)
    .post('/driver_data/call-elevenlabs')
    .set('authorization', `Bearer ${t.token()}`)
    .send(callRequest({ phoneNumber, details: TWO_ITEMS }))
    .expect(200);
  return response.body as { call_sid: string; conversation_id: string; callSid: string };
}

async function watch(t: TestApp, callSid: string): Promise<WsClient> {
  const client = await connectWs(t.wsUrl, t.token());
  client.send({ subscribe: callSid });
  await client.waitFor((m) => m.type === 'subscription_confirmed');
  return client;
}

const transcriptions = (client: WsClient) =>
  client.messages.filter((m) => m.type === 'transcription');

describe('Live turns from the monitoring socket (ELEVENLABS_LIVE_SOURCE=monitor, the default)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { SIMULATOR_TURN_DELAY_MS: '120' } });
  });
  afterAll(() => t.close());

  it('syncs the built-in simulator’s agent once it listens: monitoring, data collection, the outcome tool', async () => {
    await t.app.get(ElevenLabsEndpoint).ready;
    expect(t.simulator.agents.monitoring(SIMULATOR_AGENT_ID)).toEqual({
      enabled: true,
      events: ['user_transcript', 'agent_response', 'agent_response_correction'],
    });
    expect(t.simulator.agents.dataCollectionIds(SIMULATOR_AGENT_ID)).toContain('item_10_outcome');
    expect(t.simulator.agents.webhookToolsOf(SIMULATOR_AGENT_ID)).toEqual([
      expect.objectContaining({
        name: 'record_item_outcome',
        url: `${t.url}/webhooks/elevenlabs/tools/item-outcome`,
      }),
    ]);
  });

  it('streams every turn once, in order, live from the platform; the cut-off agent turn is corrected', async () => {
    const emitted = new Set<string>();
    const emit = t.simulator.monitors.emit.bind(t.simulator.monitors);
    t.simulator.monitors.emit = (conversationId, event) => {
      if (event.type === 'agent_response') emitted.add(event.agent_response_event.agent_response);
      emit(conversationId, event);
    };
    try {
      const { call_sid, conversation_id } = await placeCall(t);
      const client = await watch(t, call_sid);
      await client.waitFor((m) => m.type === 'call_completed', 20000);
      const said = t.simulator.conversation(conversation_id)!.turns.map((turn) => turn.message);
      const sent = transcriptions(client);
      expect(sent.map((m) => m.sequence_number)).toEqual(said.map((_, i) => i + 1));
      // Every turn reached the subscriber before the call's end: live, not from the post-call.
      const completedAt = client.messages.findIndex((m) => m.type === 'call_completed');
      expect(sent.every((m) => client.messages.indexOf(m) < completedAt)).toBe(true);
      // The agent meant to say more but the driver cut in. A subscriber that had the turn whole
      // gets transcription_corrected; one that subscribed after the correction (a loaded machine
      // can delay the subscription past it) gets the turn with the words said.
      const whole = [...emitted].find((text) => text.endsWith(CUT_OFF_TAIL))!;
      expect(whole).toBeDefined();
      const sequence = said.findIndex((text) => whole.startsWith(text) && text !== whole) + 1;
      expect(sequence).toBeGreaterThan(0);
      const delivered = sent.find((m) => m.sequence_number === sequence)!;
      if (delivered.message_text === whole) {
        const correction = await client.waitFor((m) => m.type === 'transcription_corrected');
        expect(correction).toMatchObject({
          call_sid,
          conversation_id,
          sequence_number: sequence,
          transcription_id: delivered.transcription_id,
          speaker_type: 'agent',
          message_text: said[sequence - 1],
        });
      } else expect(delivered.message_text).toBe(said[sequence - 1]);
      const stored = await turnsOf(t, call_sid);
      expect(stored.map((turn) => turn.messageText)).toEqual(said);
      expect(new Set(stored.map((turn) => turn.source))).toEqual(new Set(['monitor']));
      const logged = await t.dataSource
        .getRepository(WebhookEvent)
        .countBy({ type: 'monitor:user_transcript' });
      expect(logged).toBeGreaterThan(0);
      client.close();
    } finally {
      t.simulator.monitors.emit = emit;
    }
  });

  it('reconnects after a dropped socket; the events replayed on connect are not stored twice', async () => {
    const { call_sid, conversation_id } = await placeCall(t);
    const client = await watch(t, call_sid);
    await client.waitFor((m) => m.type === 'transcription' && m.sequence_number === 2);
    expect(t.simulator.monitors.dropAll()).toBe(1);
    await client.waitFor((m) => m.type === 'call_completed', 20000);
    const said = t.simulator.conversation(conversation_id)!.turns.map((turn) => turn.message);
    expect(
      t.simulator.monitors.attempts.get(conversation_id)!.filter((a) => a === 101).length,
    ).toBeGreaterThanOrEqual(2);
    const stored = await turnsOf(t, call_sid);
    expect(stored.map((turn) => turn.messageText)).toEqual(said);
    // Reconnected before the call ended: the live source, not the post-call merge, stored them.
    expect(stored.every((turn) => turn.source === 'monitor')).toBe(true);
    expect(transcriptions(client).map((m) => m.sequence_number)).toEqual(said.map((_, i) => i + 1));
    client.close();
  });

  it('when monitoring is refused (403, no Enterprise plan) it asks once and the call completes from the post-call webhook', async () => {
    t.simulator.agents.patch(SIMULATOR_AGENT_ID, {
      conversation_config: { conversation: { monitoring_enabled: false } },
    });
    try {
      const { call_sid, conversation_id } = await placeCall(t);
      const client = await watch(t, call_sid);
      await client.waitFor((m) => m.type === 'call_completed', 20000);
      // Retried while the phone rang (404), then refused once and never asked again.
      const answers = t.simulator.monitors.attempts.get(conversation_id)!;
      expect(answers.filter((answer) => answer === 403)).toEqual([403]);
      expect(answers.at(-1)).toBe(403);
      const said = t.simulator.conversation(conversation_id)!.turns.map((turn) => turn.message);
      const stored = await turnsOf(t, call_sid);
      expect(stored.map((turn) => turn.messageText)).toEqual(said);
      expect(new Set(stored.map((turn) => turn.source))).toEqual(new Set(['post_call']));
      const call = await t.dataSource.getRepository(Call).findOneByOrFail({ callSid: call_sid });
      expect(call.liveFollower).toBe('finished');
      client.close();
    } finally {
      t.simulator.agents.patch(SIMULATOR_AGENT_ID, {
        conversation_config: { conversation: { monitoring_enabled: true } },
      });
    }
  });

  it('sends no per-turn Part 2 webhooks: the real platform has none', async () => {
    const count = () => t.dataSource.getRepository(WebhookEvent).countBy({ type: 'transcription' });
    const before = await count();
    const { call_sid } = await placeCall(t);
    const client = await watch(t, call_sid);
    await client.waitFor((m) => m.type === 'call_completed', 20000);
    expect(await count()).toBe(before);
    client.close();
  });

  it('records cost in dollars from cost_fiat, keeping the credits in the metadata', async () => {
    const { call_sid } = await placeCall(t);
    const client = await watch(t, call_sid);
    const completed = await client.waitFor((m) => m.type === 'call_completed', 20000);
    const data = completed.call_data as { cost: number; metadata: Record<string, number> };
    expect(data.cost).toBe(data.metadata.cost_fiat);
    expect(data.cost).toBeGreaterThan(0);
    expect(data.cost).toBeLessThan(1);
    expect(data.metadata.cost).toBeGreaterThan(data.cost);
    client.close();
  });
});

describe('A driver’s callback on the monitoring socket', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Turns at a pace where the callback is still going when its conversation is found.
    t = await startTestApp({ env: { SIMULATOR_TURN_DELAY_MS: '600' } });
  });
  afterAll(() => t.close());

  it('follows a driver’s callback once it finds the conversation by the Twilio call SID', async () => {
    await t.app.get(ElevenLabsEndpoint).ready; // the agent's initiation webhook is configured
    const started = await t.simulator.inbound.call(SIMULATOR_AGENT_ID, '+12195550143');
    expect(started.initiation?.status).toBe(200);
    const conversation = t.simulator.conversation(started.conversation_id!)!;
    const row = await until(
      () =>
        t.dataSource.getRepository(Call).findOneBy({
          twilioCallSid: conversation.twilioCallSid,
          status: CallStatus.COMPLETED,
        }),
      (call) => call !== null,
      20000,
    );
    expect(row!.conversationId).toBe(conversation.conversationId);
    const stored = await turnsOf(t, row!.callSid);
    expect(stored.map((turn) => turn.messageText)).toEqual(
      conversation.turns.map((turn) => turn.message),
    );
    // Heard live on the monitoring socket (nothing else names a message-taking call's
    // conversation before its post-call: the agent calls no tool).
    expect(new Set(stored.map((turn) => turn.source))).toEqual(new Set(['monitor']));
    expect(t.simulator.monitors.attempts.get(conversation.conversationId)).toContain(101);
  });
});

describe('Live turns from Twilio Real-Time Transcription (ELEVENLABS_LIVE_SOURCE=twilio)', () => {
  let t: TestApp;
  const callbackPath = '/webhooks/twilio/transcription';

  beforeAll(async () => {
    t = await startTestApp({
      // Long enough for the transcription, started after the dial, to be on before the first words.
      env: { ELEVENLABS_LIVE_SOURCE: 'twilio', SIMULATOR_TURN_DELAY_MS: '250' },
    });
  });
  afterAll(() => t.close());

  const signedForm = (params: Record<string, string>, token = SIMULATOR_TWILIO_AUTH_TOKEN) => ({
    body: new URLSearchParams(params).toString(),
    signature: webhooks.getExpectedTwilioSignature(token, `${t.url}${callbackPath}`, params),
  });

  it('stores both tracks as turns, then ElevenLabs’ transcript rewords them without adding any twice', async () => {
    const { call_sid, conversation_id } = await placeCall(t);
    const client = await watch(t, call_sid);
    await client.waitFor((m) => m.type === 'call_completed', 20000);
    const said = t.simulator.conversation(conversation_id)!.turns;
    const live = transcriptions(client);
    expect(live.map((m) => m.sequence_number)).toEqual(said.map((_, i) => i + 1));
    expect(live.map((m) => m.speaker_type)).toEqual(
      said.map((turn) => (turn.role === 'agent' ? 'agent' : 'driver')),
    );
    // The agent's lines were transcribed from its voice: lower case, no punctuation.
    expect(live[0]!.message_text).toBe(String(live[0]!.message_text).toLowerCase());
    const stored = await turnsOf(t, call_sid);
    expect(stored.map((turn) => turn.messageText)).toEqual(said.map((turn) => turn.message));
    expect(new Set(stored.map((turn) => turn.source))).toEqual(new Set(['twilio']));
    const corrected = client.messages.filter((m) => m.type === 'transcription_corrected');
    expect(corrected.length).toBe(said.filter((turn) => turn.role === 'agent').length);
    client.close();
  });

  it('follows a driver’s callback from the Twilio call SID its initiation webhook gave', async () => {
    await t.app.get(ElevenLabsEndpoint).ready; // the agent's initiation webhook is configured
    const started = await t.simulator.inbound.call(SIMULATOR_AGENT_ID, '+12195550142');
    expect(started.initiation?.status).toBe(200);
    const conversation = t.simulator.conversation(started.conversation_id!)!;
    const row = await until(
      () =>
        t.dataSource
          .getRepository(Call)
          .findOneBy({ twilioCallSid: conversation.twilioCallSid!, status: CallStatus.COMPLETED }),
      (call) => call !== null,
      20000,
    );
    const stored = await turnsOf(t, row!.callSid);
    expect(stored.map((turn) => turn.messageText)).toEqual(
      conversation.turns.map((turn) => turn.message),
    );
    // Heard live from Twilio's transcription, then reworded by the post-call transcript.
    expect(new Set(stored.map((turn) => turn.source))).toEqual(new Set(['twilio']));
  });

  it('refuses a callback without a valid signature (401) and acknowledges one for an unknown call', async () => {
    const params = {
      AccountSid: SIMULATOR_TWILIO_ACCOUNT_SID,
      CallSid: 'CA00000000000000000000000000000000',
      TranscriptionSid: 'GT00000000000000000000000000000000',
      TranscriptionEvent: 'transcription-content',
      Track: 'inbound_track',
      Final: 'true',
      SequenceId: '1',
      TranscriptionData: JSON.stringify({ transcript: 'hello', confidence: 0.9 }),
    };
    const forged = signedForm(params, 'not-the-auth-token');
    const refused = await request(t.url)
      .post(callbackPath)
      .type('form')
      .set('x-twilio-signature', forged.signature)
      .send(forged.body)
      .expect(401);
    expect(refused.body).toEqual({ detail: 'Invalid Twilio signature' });
    await request(t.url).post(callbackPath).type('form').send(forged.body).expect(401);
    const genuine = signedForm(params);
    const acknowledged = await request(t.url)
      .post(callbackPath)
      .type('form')
      .set('x-twilio-signature', genuine.signature)
      .send(genuine.body)
      .expect(200);
    expect(acknowledged.body).toEqual({ status: 'unknown_call' });
  });

  it('answers 400 with a detail for a final result without a transcript', async () => {
    const params = {
      CallSid: 'CA00000000000000000000000000000000',
      TranscriptionSid: 'GT00000000000000000000000000000001',
      TranscriptionEvent: 'transcription-content',
      Track: 'inbound_track',
      Final: 'true',
      SequenceId: '1',
      TranscriptionData: '{not json',
    };
    const { body, signature } = signedForm(params);
    const answer = await request(t.url)
      .post(callbackPath)
      .type('form')
      .set('x-twilio-signature', signature)
      .send(body)
      .expect(400);
    expect(answer.body.detail).toMatch(/TranscriptionData with a transcript/);
    // A SequenceId that is not a number (it names the delivery, so it must stay short).
    const long = signedForm({
      ...params,
      TranscriptionData: JSON.stringify({ transcript: 'hi' }),
      SequenceId: 'a'.repeat(300),
    });
    await request(t.url)
      .post(callbackPath)
      .type('form')
      .set('x-twilio-signature', long.signature)
      .send(long.body)
      .expect(400);
  });
});

describe('Live turns from a relay of per-turn webhooks (ELEVENLABS_LIVE_SOURCE=webhook)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { ELEVENLABS_LIVE_SOURCE: 'webhook' } });
  });
  afterAll(() => t.close());

  it('stores the Part 2 webhooks the relay sends and opens no monitoring socket', async () => {
    const { call_sid, conversation_id } = await placeCall(t);
    const client = await watch(t, call_sid);
    await client.waitFor((m) => m.type === 'call_completed', 20000);
    const stored = await turnsOf(t, call_sid);
    expect(stored.length).toBe(t.simulator.conversation(conversation_id)!.turns.length);
    expect(new Set(stored.map((turn) => turn.source))).toEqual(new Set(['webhook']));
    expect(t.simulator.monitors.attempts.get(conversation_id)).toBeUndefined();
    client.close();
  });
});

describe('A real account’s agent (ElevenLabs played by a simulator the test runs)', () => {
  let platform: ElevenLabsSimulator;
  let t: TestApp;

  beforeAll(async () => {
    platform = await startPlatform({ turnDelayMs: 20, webhookBaseUrl: () => t?.url });
    t = await startTestApp({ platform });
  });
  afterAll(async () => {
    await t.close();
    await platform.close();
  });

  it('is checked at start: the service runs, says what is missing, and agent:sync fixes it with one PATCH', async () => {
    const missing = await t.app.get(AgentCheck).check();
    expect(missing!.map((difference) => difference.setting)).toEqual([
      expect.stringMatching(/^workspace secret dispatch_voice_tool_secret_[0-9a-f]{16}$/),
      'tool record_item_outcome',
      'platform_settings.overrides.conversation_config_override.agent.prompt.prompt',
      'platform_settings.overrides.conversation_config_override.agent.first_message',
      'platform_settings.overrides.conversation_config_override.agent.language',
      'conversation_config.agent.prompt.built_in_tools.voicemail_detection',
      'conversation_config.agent.prompt.built_in_tools.language_detection',
      'conversation_config.agent.prompt.built_in_tools.transfer_to_number',
      'conversation_config.language_presets.es',
      'platform_settings.data_collection',
      'platform_settings.overrides.enable_conversation_initiation_client_data_from_webhook',
      'platform_settings.workspace_overrides.conversation_initiation_client_data_webhook',
      'conversation_config.agent.prompt.tool_ids',
      'conversation_config.conversation.monitoring_enabled',
      'conversation_config.conversation.monitoring_events',
      `phone number ${SIMULATOR_PHONE_NUMBER_ID}: agent`,
    ]);
    // Not in shape: ElevenLabs refuses the overrides every call sends.
    const refused = await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set('authorization', `Bearer ${t.token()}`)
      .send(callRequest())
      .expect(500);
    expect(refused.body.detail).toMatch(/^Failed to initiate ElevenLabs call: .*override/);

    const sync = t.app.get(AgentSyncService);
    const dryRun = await sync.sync({ dryRun: true });
    expect(dryRun).toMatchObject({ updated: false });
    expect(platform.requestCounts.get('PATCH /v1/convai/agents/:id')).toBeUndefined();
    expect(await sync.sync()).toMatchObject({ updated: true });
    expect(await sync.sync()).toMatchObject({ updated: false, differences: [] });
    expect(platform.requestCounts.get('PATCH /v1/convai/agents/:id')).toBe(1);
    expect(platform.requestCounts.get('POST /v1/convai/tools')).toBe(1);
    expect(platform.requestCounts.get('POST /v1/convai/secrets')).toBe(1);
    // The number answers with the agent: drivers calling back reach it.
    expect(platform.requestCounts.get('PATCH /v1/convai/phone-numbers/:id')).toBe(1);
    expect(platform.agents.phoneNumber(SIMULATOR_PHONE_NUMBER_ID).assigned_agent).toMatchObject({
      agent_id: SIMULATOR_AGENT_ID,
    });
    expect(await t.app.get(AgentCheck).check()).toEqual([]);
    const placed = await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set('authorization', `Bearer ${t.token()}`)
      .send(callRequest())
      .expect(200);
    // ELEVENLABS_AGENT_PHONE_NUMBER is not set: the voicemail names the number read at start.
    const sent = platform.conversation(placed.body.conversation_id)!.request;
    expect(sent.conversation_initiation_client_data!.dynamic_variables).toMatchObject({
      callback_number: SIMULATED_AGENT_NUMBER,
    });
    expect(platform.requestCounts.get('GET /v1/convai/phone-numbers/:id')).toBeGreaterThanOrEqual(
      1,
    );
    // A real account has no simulator to phone the agent from the console.
    const noSimulator = await request(t.url)
      .post('/console/simulated-callbacks')
      .set('authorization', `Bearer ${t.token()}`)
      .send({ from: '+12195550123' })
      .expect(404);
    expect(noSimulator.body.detail).toMatch(/^There is no simulator/);
  });
});
