import request from 'supertest';
import { ElevenLabsEndpoint } from '../src/elevenlabs/elevenlabs-endpoint.js';
import { campaignDriver, campaignRequest } from './support/campaign-requests.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { until } from './support/until.js';

const PLAN_LIMIT = 5;
const RESERVED_FOR_CALLBACKS = 1;
const DRIVERS = 16;

interface CampaignView {
  status: string;
  counts: Record<string, number>;
  drivers: { driver_id: string; state: string; attempts: number; call_sids: string[] }[];
}

describe("Campaigns share the plan's calls", () => {
  let t: TestApp;
  let auth: { authorization: string };

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        SIMULATOR_TURN_DELAY_MS: '60',
        ELEVENLABS_MAX_CONCURRENT_CALLS: String(PLAN_LIMIT),
        ELEVENLABS_RESERVED_INBOUND_CALLS: String(RESERVED_FOR_CALLBACKS),
      },
    });
    auth = { authorization: `Bearer ${t.token()}` };
    await t.app.get(ElevenLabsEndpoint).ready;
  });
  afterAll(() => t.close());

  const api = () => request(t.url);
  const campaign = async (id: string) =>
    (await api().get(`/campaigns/${id}`).set(auth).expect(200)).body as CampaignView;
  const start = async (drivers: ReturnType<typeof campaignDriver>[]) =>
    (
      await api()
        .post('/campaigns')
        .set(auth)
        .send(campaignRequest(drivers, { concurrency: 4 }))
        .expect(201)
    ).body.campaign_id as string;
  const placedAt = async (sid: string) =>
    Date.parse((await api().get(`/calls/${sid}`).set(auth).expect(200)).body.call_start_time);

  it('a campaign started second gets its share while the first still has drivers due, never beyond the plan', async () => {
    const first = await start(Array.from({ length: DRIVERS }, () => campaignDriver()));
    await until(
      () => campaign(first),
      (c) => c.counts.pending < DRIVERS,
    );
    const second = await start(Array.from({ length: DRIVERS }, () => campaignDriver()));
    const [a, b] = await Promise.all(
      [first, second].map((id) =>
        until(
          () => campaign(id),
          (c) => c.status === 'completed',
          60_000,
        ),
      ),
    );
    for (const done of [a!, b!]) {
      expect(done.counts).toMatchObject({ total: DRIVERS, completed: DRIVERS });
      for (const driver of done.drivers) expect(driver.attempts).toBe(1);
    }
    // First come would have kept every call for the first campaign until its last driver.
    const firstDials = await Promise.all(a!.drivers.map((d) => placedAt(d.call_sids[0]!)));
    const secondDials = await Promise.all(b!.drivers.map((d) => placedAt(d.call_sids[0]!)));
    const secondsBeforeFirstEnded = secondDials.filter((at) => at < Math.max(...firstDials));
    expect(secondsBeforeFirstEnded.length).toBeGreaterThanOrEqual(2);
    expect(t.simulator.peakLiveConversations).toBeLessThanOrEqual(
      PLAN_LIMIT - RESERVED_FOR_CALLBACKS,
    );
  });
});
