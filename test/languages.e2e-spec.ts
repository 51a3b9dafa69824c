import request from 'supertest';
import { SIMULATOR_AGENT_ID } from '../src/config/app-config.js';
import { ElevenLabsEndpoint } from '../src/elevenlabs/elevenlabs-endpoint.js';
import { callRequest } from './support/call-requests.js';
import { campaignDriver, campaignRequest } from './support/campaign-requests.js';
import { endedCall } from './support/ended-call.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { until } from './support/until.js';

const SPANISH_SPEAKER = '+15005550014';

/** A campaign row with a language (the helpers make rows without one). */
const inLanguage = <T extends object>(row: T, language: string): T => ({ ...row, language });

interface CallDetail {
  call_sid: string;
  conversation_id: string;
  status: string;
  language: string;
  first_message: string | null;
}

describe('Spanish-speaking drivers are called in Spanish', () => {
  let t: TestApp;
  let auth: { authorization: string };
  const api = () => request(t.url);

  beforeAll(async () => {
    t = await startTestApp({
      env: { SIMULATOR_TURN_DELAY_MS: '10', COMPANY_NAME: 'Acme Freight' },
    });
    auth = { authorization: `Bearer ${t.token()}` };
    await t.app.get(ElevenLabsEndpoint).ready;
  });
  afterAll(() => t.close());

  const place = async (body: ReturnType<typeof callRequest>) =>
    (await api().post('/driver_data/call-elevenlabs').set(auth).send(body).expect(200)).body as {
      call_sid: string;
    };
  const ended = (sid: string) => endedCall<CallDetail>(t.url, auth, sid);
  const driver = async (id: string) =>
    (await api().get(`/drivers/${id}`).set(auth).expect(200)).body as { language: string | null };
  /** What ElevenLabs was asked for: the call's language, first message and prompt. */
  const sent = (conversationId: string) => {
    const agent =
      t.simulator.conversation(conversationId)!.request.conversation_initiation_client_data!
        .conversation_config_override!.agent!;
    return {
      language: agent.language,
      firstMessage: agent.first_message,
      prompt: agent.prompt!.prompt!,
    };
  };
  const withLanguage = (body: ReturnType<typeof callRequest>, language: string) => {
    (body.drivers[0] as Record<string, unknown>).language = language;
    return body;
  };

  it('calls in Spanish when asked, with a first message written in Spanish, and remembers it', async () => {
    const driverId = `ES_${process.pid}`;
    const placed = await place(withLanguage(callRequest({ driverId }), 'es'));
    const call = await ended(placed.call_sid);
    expect(call.language).toBe('es');
    expect(call.first_message).toBe(
      'Hola, John. Le llama el asistente automático de despacho de Acme Freight sobre su viaje TRIP_78910. Esta llamada está siendo grabada. ¿Puede hablar ahora de forma segura, con manos libres?',
    );
    const request = sent(call.conversation_id);
    expect(request).toMatchObject({ language: 'es', firstMessage: call.first_message });
    expect(request.prompt).toContain('Speak Spanish for the whole call');
    // The items stay as dispatch wrote them: the agent explains them in Spanish.
    expect(request.prompt).toContain('[VIOLATION] Your temp is at 45 degrees Fahrenheit');
    // Transcripts stay as spoken.
    const said = t.simulator.conversation(call.conversation_id)!.turns.map((turn) => turn.message);
    expect(said).toContain('Sí, claro. Dígame.');
    expect((await driver(driverId)).language).toBe('es');

    // The next call, without a language, is in the driver's.
    const next = await ended((await place(callRequest({ driverId }))).call_sid);
    expect(next.language).toBe('es');
    expect(sent(next.conversation_id).language).toBe('es');
  });

  it('refuses a language it does not call in, with a detail', async () => {
    const refused = await api()
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(withLanguage(callRequest(), 'fr'))
      .expect(400);
    expect(refused.body.detail).toMatch(/language must be en or es/);
    const campaign = await api()
      .post('/campaigns')
      .set(auth)
      .send(campaignRequest([inLanguage(campaignDriver(), 'spanish')]))
      .expect(400);
    expect(campaign.body.detail).toMatch(/language must be en or es/);
  });

  it('switches a Spanish speaker who answers in English, and calls them in Spanish next time', async () => {
    const driverId = `DETECT_${process.pid}`;
    const first = await ended(
      (await place(callRequest({ driverId, phoneNumber: SPANISH_SPEAKER }))).call_sid,
    );
    expect(first.language).toBe('en');
    const conversation = t.simulator.conversation(first.conversation_id)!;
    const switched = conversation.turns.find((turn) =>
      turn.toolCalls?.some((call) => call.tool_name === 'language_detection'),
    );
    expect(switched?.message).toBe('Claro que sí, seguimos en español.');
    expect(conversation.language).toBe('es');
    // Learnt from what was spoken (main_language), audited as the platform's data.
    expect((await driver(driverId)).language).toBe('es');
    const audit = await api()
      .get('/audit?action=driver.language_learnt')
      .set({ authorization: `Bearer ${t.token({ role: 'admin' })}` })
      .expect(200);
    expect(audit.body.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          target: `driver:${driverId}`,
          detail: { language: 'es', call_sid: first.call_sid },
        }),
      ]),
    );
    const next = await ended(
      (await place(callRequest({ driverId, phoneNumber: SPANISH_SPEAKER }))).call_sid,
    );
    expect(next.language).toBe('es');
  });

  it('keeps a dispatcher’s choice over what the driver is heard speaking', async () => {
    const driverId = `CHOSEN_${process.pid}`;
    await ended(
      (await place(withLanguage(callRequest({ driverId, phoneNumber: SPANISH_SPEAKER }), 'en')))
        .call_sid,
    );
    expect((await driver(driverId)).language).toBe('en');
  });

  it('calls a campaign driver in the language the campaign gives, and greets a Spanish driver calling back in Spanish', async () => {
    const row = {
      ...campaignDriver('+12192002826', { driverId: `CMP_ES_${process.pid}` }),
      language: 'es',
    };
    const created = await api()
      .post('/campaigns')
      .set(auth)
      .send(campaignRequest([row]))
      .expect(201);
    const done = await until(
      async () =>
        (await api().get(`/campaigns/${created.body.campaign_id}`).set(auth).expect(200)).body,
      (campaign) => campaign.status === 'completed',
    );
    const call = await ended(done.drivers[0].call_sids[0]);
    expect(call.language).toBe('es');

    const callback = await t.simulator.inbound.call(SIMULATOR_AGENT_ID, '+12192002826');
    expect(callback.initiation).toEqual({ status: 200 });
    const asked = t.simulator.conversation(callback.conversation_id!)!.request
      .conversation_initiation_client_data!.conversation_config_override!.agent!;
    expect(asked.language).toBe('es');
    expect(asked.first_message).toMatch(
      /^Hola, le habla el asistente automático de despacho de Acme Freight\./,
    );
  });

  it('has the agent synced for Spanish: the es preset and language detection', () => {
    const config = t.simulator.agents.get(SIMULATOR_AGENT_ID).conversation_config as {
      language_presets?: Record<string, unknown>;
    };
    expect(config.language_presets?.es).toMatchObject({
      overrides: { agent: { first_message: expect.stringContaining('{{company_name}}') } },
    });
    expect(t.simulator.agents.hasSystemTool(SIMULATOR_AGENT_ID, 'language_detection')).toBe(true);
  });
});
