import { FORGED_TOKENS } from '../support/forged-tokens.js';
import { send } from '../support/http-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { connectWs } from '../support/ws-client.js';

describe('JWT attacks on REST and WebSocket', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each(FORGED_TOKENS)('refuses %s everywhere', async (_name, forge) => {
    const token = forge();
    for (const [method, path] of [
      ['GET', '/calls'],
      ['GET', '/driver_data/DRV_1'],
      ['POST', '/driver_data/call-elevenlabs'],
      ['POST', '/conversations/conv_x/fetch'],
    ]) {
      const answer = await send(`${t.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(answer.status).toBe(401);
      expect(Object.keys(JSON.parse(answer.body))).toEqual(['detail']);
    }
    const socket = await connectWs(t.wsUrl, token);
    expect(await socket.waitFor((m) => m.type === 'error')).toMatchObject({
      code: 'AUTHENTICATION_FAILED',
    });
    expect((await socket.closed).code).toBe(4401);
  });
});
