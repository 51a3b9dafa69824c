import request from 'supertest';
import { ElevenLabsEndpoint } from '../src/elevenlabs/elevenlabs-endpoint.js';
import { callRequest } from './support/call-requests.js';
import { campaignDriver, campaignRequest } from './support/campaign-requests.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { until } from './support/until.js';

const UNSUCCESSFUL = '+15005550006';

describe('Drivers on record: search, what is still open, corrections', () => {
  let t: TestApp;
  let auth: { authorization: string };
  const api = () => request(t.url);
  const driverId = `REC_${process.pid}`;

  beforeAll(async () => {
    t = await startTestApp({ env: { SIMULATOR_TURN_DELAY_MS: '15' } });
    auth = { authorization: `Bearer ${t.token({ sub: 'dispatcher-1' })}` };
    await t.app.get(ElevenLabsEndpoint).ready;
    // The driver pushes back on everything: both items stay open.
    const placed = await api()
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(callRequest({ driverId, phoneNumber: UNSUCCESSFUL }))
      .expect(200);
    await until(
      async () => (await api().get(`/calls/${placed.body.call_sid}`).set(auth)).body.status,
      (status) => status !== 'IN_PROGRESS',
    );
  });
  afterAll(() => t.close());

  it('shows a driver with their open items, newest first, and their last call', async () => {
    const driver = await api().get(`/drivers/${driverId}`).set(auth).expect(200);
    expect(driver.body).toEqual({
      driver_id: driverId,
      driver_name: 'John Smith',
      phone_number: UNSUCCESSFUL,
      language: null,
      timezone: null,
      opted_out: false,
      open_items: [
        expect.objectContaining({ item: 1, type: 'violation', outcome: 'disputed' }),
        expect.objectContaining({ item: 2, type: 'reminder', outcome: 'disputed' }),
      ],
      last_call: expect.objectContaining({ direction: 'outbound', status: 'FAILED' }),
    });
    expect(driver.body.open_items[0].call_sid).toBe(driver.body.last_call.call_sid);
    // The seed's route keeps its own shape.
    const seed = await api().get(`/driver_data/${driverId}`).set(auth).expect(200);
    expect(Object.keys(seed.body).sort()).toEqual([
      'calls',
      'driverId',
      'driverName',
      'phoneNumber',
    ]);
  });

  it('counts a follow-up’s copies of an item once', async () => {
    const { body } = await api().get(`/drivers/${driverId}`).set(auth).expect(200);
    const again = await api()
      .post(`/calls/${body.last_call.call_sid}/follow-up`)
      .set(auth)
      .expect(200);
    await until(
      async () => (await api().get(`/calls/${again.body.call_sid}`).set(auth)).body.status,
      (status) => status !== 'IN_PROGRESS',
    );
    const after = await api().get(`/drivers/${driverId}`).set(auth).expect(200);
    expect(after.body.open_items).toHaveLength(2);
    expect(
      after.body.open_items.every((i: { call_sid: string }) => i.call_sid === again.body.call_sid),
    ).toBe(true);
  });

  it('finds drivers by name, id or phone, a keyset page at a time', async () => {
    await api()
      .post('/campaigns')
      .set(auth)
      .send(
        campaignRequest(
          ['+12192002901', '+12192002902', '+12192002903'].map((phone, index) =>
            campaignDriver(phone, {
              driverId: `FIND_${process.pid}_${index}`,
              timezone: 'America/Chicago',
            }),
          ),
        ),
      )
      .expect(201);
    const byId = await api().get(`/drivers?q=FIND_${process.pid}&limit=2`).set(auth).expect(200);
    expect(byId.body.drivers).toHaveLength(2);
    expect(byId.body.drivers[0]).toMatchObject({ timezone: 'America/Chicago' });
    const rest = await api()
      .get(`/drivers?q=FIND_${process.pid}&limit=2&cursor=${byId.body.next_cursor}`)
      .set(auth)
      .expect(200);
    expect(rest.body).toMatchObject({ next_cursor: null });
    expect(
      [...byId.body.drivers, ...rest.body.drivers]
        .map((d: { driver_id: string }) => d.driver_id)
        .sort(),
    ).toEqual([0, 1, 2].map((index) => `FIND_${process.pid}_${index}`));
    const byPhone = await api().get('/drivers?q=(219) 200-2902').set(auth).expect(200);
    expect(byPhone.body.drivers.map((d: { driver_id: string }) => d.driver_id)).toEqual([
      `FIND_${process.pid}_1`,
    ]);
    // LIKE's wildcards are plain characters in a search.
    const wildcard = await api().get('/drivers?q=%25').set(auth).expect(200);
    expect(wildcard.body.drivers).toEqual([]);
    await api().get('/drivers?cursor=nonsense').set(auth).expect(400);
    await api().get('/drivers?limit=0').set(auth).expect(400);
  });

  it('corrects a driver, audited, and refuses what it cannot store', async () => {
    const changed = await api()
      .patch(`/drivers/${driverId}`)
      .set(auth)
      .send({ phone_number: '(219) 200-2824', language: 'es', timezone: 'America/Denver' })
      .expect(200);
    expect(changed.body).toMatchObject({
      phone_number: '+12192002824',
      language: 'es',
      timezone: 'America/Denver',
    });
    const cases: [object, RegExp][] = [
      [{ phone_number: '123' }, /phone_number must be a valid phone number/],
      [{ language: 'spanish' }, /language must be en or es/],
      [{ language: 'fr' }, /language must be en or es/],
      [{ timezone: 'Mars/Base' }, /timezone must be an IANA time zone/],
      [{ driver_name: '' }, /driver_name must not be empty/],
      [{ driver_name: null }, /cannot be removed/],
      [{}, /Nothing to change/],
    ];
    for (const [body, detail] of cases) {
      const refused = await api().patch(`/drivers/${driverId}`).set(auth).send(body).expect(400);
      expect(refused.body.detail).toMatch(detail);
    }
    await api().patch('/drivers/NOBODY').set(auth).send({ language: 'en' }).expect(404);
    await api().get('/drivers/NOBODY').set(auth).expect(404);
    const audit = await api()
      .get('/audit?action=driver.updated')
      .set({ authorization: `Bearer ${t.token({ role: 'admin' })}` })
      .expect(200);
    expect(audit.body.entries[0]).toMatchObject({
      actor: 'dispatcher-1',
      target: `driver:${driverId}`,
      detail: {
        phone_number: { from: UNSUCCESSFUL, to: '(219) 200-2824' },
        language: { from: null, to: 'es' },
      },
    });
  });
});
