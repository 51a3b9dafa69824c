import { Call } from '../../src/calls/record/call.entity.js';
import { CallStatus } from '../../src/calls/record/call-status.js';
import { callRequest } from '../support/call-requests.js';
import { placeSilentCall } from '../support/fixtures.js';
import { mapConcurrently, send } from '../support/http-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TIMEOUT_MS = 1000;

describe('ElevenLabs slow, erroring and dead while calls are placed and fetched', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp({
      env: { ELEVENLABS_TIMEOUT_MS: String(TIMEOUT_MS), SIMULATOR_TURN_DELAY_MS: '1' },
    });
    headers = { authorization: `Bearer ${t.token()}`, 'content-type': 'application/json' };
  });
  afterAll(() => t.close());
  afterEach(() => t.simulator.clearFaults());

  const faults: [string, () => void, RegExp, RegExp][] = [
    [
      'slow (past the timeout)',
      () => t.simulator.setFaults({ latencyMs: TIMEOUT_MS * 3 }),
      /Connection timeout/,
      /Connection timeout/,
    ],
    [
      'erroring (503)',
      () => t.simulator.setFaults({ errorStatus: 503 }),
      /answered 503/,
      /answered 503/,
    ],
    [
      'dead (connections dropped)',
      () => t.simulator.setFaults({ down: true }),
      /Could not reach ElevenLabs/,
      /Could not reach ElevenLabs/,
    ],
  ];

  it.each(faults)(
    '%s: clear errors, records kept, nothing stuck',
    async (_name, fault, placeDetail, fetchDetail) => {
      const fetchable = await Promise.all(Array.from({ length: 5 }, () => placeSilentCall(t)));
      fault();
      const bodies = Array.from({ length: 20 }, () => callRequest());
      const placed = await mapConcurrently(bodies, 20, (body) =>
        send(`${t.url}/driver_data/call-elevenlabs`, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
        }),
      );
      const fetched = await mapConcurrently(fetchable, 5, (call) =>
        send(`${t.url}/driver_data/conversations/${call.conversation_id}/fetch`, {
          method: 'POST',
          headers,
        }),
      );
      for (const answer of placed) {
        expect(answer.status).toBe(500);
        expect(JSON.parse(answer.body).detail).toMatch(/^Failed to initiate ElevenLabs call: /);
        expect(JSON.parse(answer.body).detail).toMatch(placeDetail);
      }
      for (const answer of fetched) {
        expect(answer.status).toBe(500);
        expect(JSON.parse(answer.body).detail).toMatch(/^Failed to fetch conversation data: /);
        expect(JSON.parse(answer.body).detail).toMatch(fetchDetail);
      }
      // No request waits much past the timeout (reads retry 5xx and dropped connections twice, with backoff).
      expect(Math.max(...placed.map((a) => a.ms))).toBeLessThan(TIMEOUT_MS + 2000);
      expect(Math.max(...fetched.map((a) => a.ms))).toBeLessThan(TIMEOUT_MS + 3000);
      for (const body of bodies) {
        const call = await t.dataSource
          .getRepository(Call)
          .findOneByOrFail({ callSid: `EL_${body.drivers[0]!.driverId}_${body.timestamp}` });
        expect(call.status).toBe(CallStatus.FAILED);
        expect(call.failureReason).toEqual(expect.any(String));
      }
      t.simulator.clearFaults();
      const again = await send(`${t.url}/driver_data/call-elevenlabs`, {
        method: 'POST',
        headers,
        body: JSON.stringify(bodies[0]),
      });
      expect(again.status).toBe(200);
    },
  );
});
