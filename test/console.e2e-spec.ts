import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { UserRole } from '../src/auth/user-role.js';
import { UsersService } from '../src/auth/users.service.js';
import { CallTranscription } from '../src/calls/transcript/call-transcription.entity.js';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { callRequest } from './support/call-requests.js';
import { windowAroundNow } from './support/campaign-requests.js';
import { TEST_NUMBERS } from '../src/elevenlabs/simulator/test-numbers.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { until } from './support/until.js';
import { localTime, zoneWhereLocalHourIn } from './support/time-zones.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available)
  console.warn(
    `Console tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it).`,
  );
const describeBrowser = available ? describe : describe.skip;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2 A/AA checks on the page as it is now; serious and critical findings only. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  // A fading toast is half transparent: its contrast is only judged once transitions are over.
  await page.waitForFunction(() => document.getAnimations().length === 0);
  // Evaluated through the DevTools protocol: the page's CSP (no inline scripts) stays in force.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{
            violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
    });
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      );
  });
}

describeBrowser('dispatch console in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const outsideRequests: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: { SIMULATOR_TURN_DELAY_MS: '400', ESCALATION_PHONE_NUMBER: '+12195550199' },
    });
    await t.app.get(UsersService).create('dispatcher@example.com', 'correct horse battery');
    await t.app
      .get(UsersService)
      .create('chief@example.com', 'the chief dispatcher', UserRole.ADMIN);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on(
      'console',
      (message) => message.type() === 'error' && consoleErrors.push(message.text()),
    );
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => {
      if (
        !request.url().startsWith(t.url) &&
        !request.url().startsWith(t.wsUrl.replace(/\/ws\/.*/, '')) &&
        !request.url().startsWith('data:')
      )
        outsideRequests.push(request.url());
    });
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in (keyboard only), shows the simulator and its test numbers', async () => {
    await page.goto(t.url);
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    await page.getByLabel('Email').fill('dispatcher@example.com');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Invalid email or password').waitFor();
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('heading', { name: 'Place a call' }).waitFor();
    await page.getByText('Simulator active').waitFor();
    expect(await page.locator('#simulator-banner li').count()).toBe(
      Object.keys(TEST_NUMBERS).length,
    );
    // One compact line until opened; the test numbers in plain words behind it.
    expect((await page.locator('#simulator-banner').boundingBox())!.height).toBeLessThan(60);
    await page.getByText('no real phone calls are made. Test numbers…').click();
    await page.getByText('+15005550001 The line is busy.').waitFor();
    await page.getByText('no real phone calls are made. Test numbers…').click();

    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('validates the form and shows the server’s detail when it refuses', async () => {
    // Remove buttons name the item by its place in the form, after adding and removing.
    const removers = () =>
      page
        .locator('.detail-row button')
        .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));
    expect(await removers()).toEqual(['Remove item 1', 'Remove item 2']);
    await page.getByRole('button', { name: 'Add an item' }).click();
    await page.getByRole('button', { name: 'Remove item 1' }).click();
    expect(await removers()).toEqual(['Remove item 1', 'Remove item 2']);
    // A fresh form again (a violation, then a reminder) for what follows.
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('link', { name: 'Place a call' }).click();
    await page.getByRole('heading', { name: 'Place a call' }).waitFor();
    await page.getByRole('button', { name: 'Place call' }).click();
    await page.getByText('Enter the driver’s name.').waitFor();
    await page.getByLabel('Driver ID').fill('DRV_BROWSER');
    await page.getByLabel('Driver name').fill('Ana Diaz');
    await page.getByLabel('Phone number').fill('+1 555 123');
    await page.getByLabel('Trip ID').fill('TRIP_9');
    await page.getByLabel('What to discuss').first().fill('Your reefer is at 45F, it must be 38F');
    await page.getByLabel('What to discuss').nth(1).fill('Send the loaded trailer pictures');
    await page.getByRole('button', { name: 'Place call' }).click();
    await page.getByText(/drivers\.0\.phoneNumber must be a valid phone number/).waitFor();
  });

  it('places a call and streams the transcript, surviving a reload mid-call', async () => {
    await page.getByLabel('Phone number').fill('+1 219 200 2824');
    await page.getByRole('button', { name: 'Place call' }).click();
    await page.getByRole('heading', { name: 'Live calls' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.turn').length >= 2, undefined, {
      timeout: 15000,
    });
    const beforeReload = await page.locator('.turn').count();
    await page.reload();
    await page.waitForFunction(
      (count) => document.querySelectorAll('.turn').length > count,
      beforeReload,
      { timeout: 15000 },
    );
    await page.locator('.live-call .summary').waitFor({ timeout: 20000 });
    await page.locator('.live-call .badge-completed').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    // The README's screenshot is refreshed on purpose (UPDATE_SCREENSHOT=1), not by every run.
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({
      path: process.env.UPDATE_SCREENSHOT ? 'docs/console.png' : 'test-artifacts/console.png',
      fullPage: true,
    });
    const shown = await page
      .locator('.turn')
      .evaluateAll((items) => items.map((item) => Number((item as HTMLElement).dataset.sequence)));
    const stored = await t.dataSource
      .getRepository(CallTranscription)
      .count({ where: { call: { driverId: 'DRV_BROWSER' } } });
    expect(shown).toEqual(Array.from({ length: stored }, (_, i) => i + 1));
    expect(await page.locator('.live-call .summary').textContent()).toContain('Ana Diaz');
    // The card is named by the driver, not by the call id.
    expect(await page.locator('.live-call .call-label a').first().textContent()).toBe('Ana Diaz');
    // What the driver committed to, item by item, as the agent recorded it.
    expect(await page.locator('.live-call .chip').allTextContents()).toEqual([
      'Will fix in 5 min',
      'Acknowledged',
    ]);
  });

  it('finds the call in the history and shows its page, with a re-fetch', async () => {
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'Call history' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    // Found by the driver's phone number; named by the driver, the call id below.
    await page.getByLabel('Driver, phone or call id').fill('219-200-2824');
    await page.getByLabel('Status').selectOption('COMPLETED');
    await page.getByRole('button', { name: 'Apply' }).click();
    const row = page.locator('tbody tr', { hasText: /EL_DRV_BROWSER_/ });
    await row.waitFor();
    expect(await row.locator('.call-label').textContent()).toMatch(
      /^Ana Diaz · \+12192002824 · trip \S+EL_DRV_BROWSER_/,
    );
    await page.getByLabel('Driver, phone or call id').fill('DRV_BROWSER');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    // Its recording copied from ElevenLabs before the page is opened.
    await until(
      async () =>
        (
          await request(t.url)
            .get('/calls?q=DRV_BROWSER&status=COMPLETED')
            .set({ authorization: `Bearer ${t.token()}` })
        ).body.calls[0].recording.available,
      Boolean,
    );
    await row.getByRole('link').click();
    await page.getByText('+12192002824', { exact: true }).waitFor();
    await page.getByRole('heading', { name: /Transcript \(\d+ turns\)/ }).waitFor();
    await page.locator('.items .item-type', { hasText: 'Violation' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    // The recording plays with the transcript following it.
    const audio = page.getByLabel('Recording of the call');
    await audio.waitFor();
    await page.waitForFunction(() => {
      const player = document.querySelector('audio');
      return player !== null && player.readyState >= 1 && player.duration > 5;
    });
    const seek = page.locator('.turn').nth(2).locator('.seek');
    const [, minutes, seconds] = /(\d+):(\d+)/.exec((await seek.getAttribute('aria-label'))!)!;
    const seekTo = Number(minutes) * 60 + Number(seconds);
    await seek.click();
    await page.locator('.turn.speaking').waitFor();
    expect(
      await page.evaluate(() => document.querySelector('audio')!.currentTime),
    ).toBeGreaterThanOrEqual(seekTo);
    expect(await page.locator('.turn.speaking').count()).toBe(1);
    await page.evaluate(() => document.querySelector('audio')!.pause());
    await page.getByRole('button', { name: 'Fetch from ElevenLabs again' }).click();
    await page.getByText(/Fetched: 0 new turn\(s\), status COMPLETED/).waitFor();
    await page.getByLabel('Outcome of item 1').selectOption('resolved');
    await page.locator('.item[data-item="1"] .override button').click();
    await page.locator('.item[data-item="1"] .chip', { hasText: 'Resolved' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('lists what needs a dispatcher and calls the driver again from the follow-ups page', async () => {
    const placed = await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set('authorization', `Bearer ${t.token()}`)
      .send(callRequest({ driverId: 'DRV_PUSHBACK', phoneNumber: '+15005550006' }))
      .expect(200);
    await t.simulator.finished(placed.body.conversation_id);
    for (let status = 'IN_PROGRESS'; status === 'IN_PROGRESS'; await sleep(50)) {
      status = (
        await request(t.url)
          .get(`/calls/${placed.body.call_sid}`)
          .set('authorization', `Bearer ${t.token()}`)
      ).body.status;
    }
    await page.getByRole('link', { name: 'Follow-ups' }).click();
    await page.getByRole('heading', { name: 'Follow-ups' }).waitFor();
    await page.getByLabel('Driver ID').fill('DRV_PUSHBACK');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-item]').length === 2);
    expect(await page.locator('tbody .chip').allTextContents()).toEqual(['Disputed', 'Disputed']);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: 'test-artifacts/follow-ups.png', fullPage: true });
    await page.getByRole('button', { name: 'Call again' }).first().click();
    await page.getByText('Calling John Smith (+15005550006) again').waitFor();
    await page.getByRole('heading', { name: 'Live calls' }).waitFor();
    await page.locator('.live-call[data-call-sid^="EL_DRV_PUSHBACK_"]').first().waitFor();
  });

  it('shows the fleet dashboard with its charts, drawn by the library the service serves', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.waitForFunction(
      () => (window as unknown as { Chart?: unknown }).Chart !== undefined,
    );
    await page.locator('.charts canvas').nth(2).waitFor();
    expect(await page.locator('.charts canvas').count()).toBe(3);
    expect(await page.locator('.stats dt').first().textContent()).toBe('Calls');
    // Plain time, whole-number count ticks, costs from zero.
    const stat = (term: string) =>
      page.locator('.stats dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
    expect(await stat('Median time to a commitment').textContent()).toMatch(/^(\d+ s|\d+ min|—)$/);
    const scales = await page.evaluate(() => {
      const chart = (
        window as unknown as {
          Chart: {
            getChart(id: string): {
              scales: Record<string, { ticks: { value: number }[]; min: number }>;
            };
          };
        }
      ).Chart;
      return {
        calls: chart.getChart('chart-calls').scales.y.ticks.map((tick) => tick.value),
        costMin: chart.getChart('chart-cost').scales.y.min,
      };
    });
    expect(scales.calls.every(Number.isInteger)).toBe(true);
    expect(scales.costMin).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    // Filtered to one driver: only their calls are counted.
    await page.getByLabel('Driver ID').fill('DRV_PUSHBACK');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.stats dt')].some(
        (dt) => dt.textContent === 'Calls' && dt.nextElementSibling?.textContent === '2',
      ),
    );
    await page.screenshot({ path: 'test-artifacts/dashboard.png', fullPage: true });
  });

  it('starts a campaign from a CSV, watches it live, pauses and cancels it', async () => {
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
    const window = windowAroundNow();
    await page.getByLabel('Name').fill('Lane 12 reefers');
    await page.getByLabel('Time zone (for drivers without one)').fill('UTC');
    await page.getByLabel('Calling from (driver-local)').fill(window.start);
    await page.getByLabel('Calling until').fill(window.end);
    await page.getByLabel('Calls at once').fill('1');
    await page.getByLabel('Attempts per driver').fill('1');
    // A bad row is shown with its row number before anything is sent.
    await page
      .getByLabel('Drivers (CSV)')
      .fill(
        [
          'driver_id,driver_name,phone_number,timezone,trip_id,type,description,custom_rules,language',
          'CSV_1,Ann Lee,+12192002824,,TRIP_1,violation,Reefer at 45F must be 38F,,es',
          'CSV_9,Zed,12,,TRIP_9,warning,Tire pressure low,,',
        ].join('\n'),
      );
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: 'Fix 2 problem(s) in the CSV' }).waitFor();
    expect(await page.locator('tr.problem').allTextContents()).toEqual([
      '3phone_number "12" is not a phone number',
      '3type must be violation or reminder, not "warning"',
    ]);
    await page
      .getByLabel('Drivers (CSV)')
      .fill(
        [
          'driver_id,driver_name,phone_number,timezone,trip_id,type,description,custom_rules,language',
          'CSV_1,Ann Lee,+12192002824,,TRIP_1,violation,Reefer at 45F must be 38F,,es',
          'CSV_1,Ann Lee,+12192002824,,TRIP_1,reminder,Send the trailer pictures,,es',
          'CSV_2,Bo Diaz,+12192002825,America/Chicago,TRIP_2,violation,"Log missing a signature, page 2",,',
          'CSV_3,Cy Park,+12192002826,,TRIP_3,violation,Tire pressure low,,',
        ].join('\n'),
      );
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: 'Preview: Lane 12 reefers' }).waitFor();
    expect(await page.locator('.campaign-preview tbody tr').count()).toBe(3);
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(
      (
        await request(t.url)
          .get('/campaigns')
          .set({ authorization: `Bearer ${t.token()}` })
          .expect(200)
      ).body.campaigns,
    ).toEqual([]);
    await page.getByRole('button', { name: 'Start campaign: call 3 driver(s)' }).click();
    await page.getByRole('heading', { name: 'Lane 12 reefers' }).waitFor();
    await page.waitForFunction(
      () => document.querySelectorAll('tbody tr[data-driver-id]').length === 3,
    );
    // Live: the first driver's call starts without a reload.
    await page.locator('tr[data-driver-id="CSV_1"][data-state="in_progress"]').waitFor();
    expect(await page.locator('progress').count()).toBe(1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: 'test-artifacts/campaign.png', fullPage: true });
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText(/^Status: paused\./).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Cancel campaign' }).click();
    await page.getByText(/^Status: cancelled\./).waitFor();
    await page.locator('tr[data-driver-id="CSV_3"][data-state="cancelled"]').waitFor();
    await page
      .locator('tr[data-driver-id="CSV_1"][data-state="completed"]')
      .waitFor({ timeout: 20000 });
    // The CSV's language column: CSV_1 was called in Spanish.
    const spanish = await request(t.url)
      .get('/calls?driverId=CSV_1')
      .set({ authorization: `Bearer ${t.token()}` })
      .expect(200);
    expect(spanish.body.calls.map((call: { language: string }) => call.language)).toEqual(['es']);
    await page.getByRole('link', { name: '← Campaigns' }).click();
    await page.getByRole('link', { name: 'Lane 12 reefers' }).waitFor();
    // A live simulated call takes ~10 s; twice that on a loaded two-core CI machine.
  }, 60_000);

  it('lets an admin run the team: add a user, disable one, read the audit trail', async () => {
    expect(await page.getByRole('link', { name: 'Users' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('chief@example.com');
    await page.getByLabel('Password').fill('the chief dispatcher');
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('heading', { name: 'Place a call' }).waitFor();
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.locator('tr[data-user-id]').nth(1).waitFor();
    await page.getByLabel('Email').fill('new.hire@example.com');
    await page.getByRole('button', { name: 'Add user' }).click();
    const shown = page.locator('.generated-password code');
    await shown.waitFor();
    const password = (await shown.textContent())!;
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await page.getByRole('cell', { name: 'new.hire@example.com', exact: true }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Disable dispatcher@example.com' }).click();
    await page.getByRole('button', { name: 'Enable dispatcher@example.com' }).waitFor();
    expect(
      await page.locator('tr', { hasText: 'dispatcher@example.com' }).getByText('Disabled').count(),
    ).toBe(1);
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await page.getByRole('cell', { name: 'user.disabled', exact: true }).first().waitFor();
    await page.getByRole('cell', { name: 'user.created', exact: true }).first().waitFor();
    expect(await page.getByText(password).count()).toBe(0);
    // The detail reads as words, and the table stays within the page.
    await page.locator('.audit-detail dt', { hasText: 'role' }).first().waitFor();
    expect(
      await page.evaluate(() => {
        const wrap = document.querySelector('.table-wrap')!;
        return wrap.scrollWidth <= wrap.clientWidth + 1;
      }),
    ).toBe(true);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Enable dispatcher@example.com' }).click();
    await page.getByRole('button', { name: 'Disable dispatcher@example.com' }).waitFor();
  });

  it('shows a driver’s page, and their simulated callback live on the team board', async () => {
    const placed = callRequest({ driverId: 'DRV_ROSA', phoneNumber: '+12192002825' });
    placed.drivers[0]!.driverName = 'Rosa Lopez';
    const { body } = await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set('authorization', `Bearer ${t.token()}`)
      .send(placed)
      .expect(200);
    await until(
      async () =>
        (
          await request(t.url)
            .get(`/calls/${encodeURIComponent(body.call_sid)}`)
            .set('authorization', `Bearer ${t.token()}`)
        ).body.status,
      (status) => status === 'COMPLETED',
    );
    await page.getByRole('link', { name: 'Drivers' }).click();
    await page.getByRole('heading', { name: 'Drivers' }).waitFor();
    await page.getByLabel('Name, ID or phone').fill('rosa');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Rosa Lopez' }).click();
    await page.getByRole('heading', { name: 'Rosa Lopez' }).waitFor();
    await page.getByText('+12192002825').waitFor();
    // The violation she will fix is still open; the reminder she acknowledged is settled.
    await page.getByRole('heading', { name: 'Open items (1)' }).waitFor();
    expect(await page.getByRole('cell', { name: /Violation: Your temp is at 45/ }).count()).toBe(1);
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole('button', { name: 'Simulate a callback' }).click();
    await page.getByRole('heading', { name: 'Live calls' }).waitFor();
    const onBoard = page.locator('#team-board .row-callback');
    await onBoard.waitFor({ timeout: 10000 });
    expect(await onBoard.getByRole('link', { name: 'Rosa Lopez' }).count()).toBe(1);
    expect(await onBoard.locator('.badge-callback').textContent()).toBe('Callback');
    expect(await onBoard.getByText('Watching').count()).toBe(1);
    const callSid = (await onBoard.getAttribute('data-board-call-sid'))!;
    expect(callSid).toMatch(/^CB_CA/);
    const callback = page.locator(`.live-call[data-call-sid="${callSid}"]`);
    await callback.locator('.turn').first().waitFor({ timeout: 10000 });
    expect(await callback.locator('.turn').first().textContent()).toContain(
      'Thanks for calling back. Am I speaking with Rosa?',
    );
    expect(await accessibilityProblems(page)).toEqual([]);
    await callback.locator('.badge-completed').waitFor({ timeout: 30000 });
    // Ended: off the board.
    await page.locator('#team-board .row-callback').waitFor({ state: 'detached' });
  });

  it('puts the signed-in user on duty from their account page', async () => {
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Taking transferred calls' }).waitFor();
    await page.getByText('Off duty: no call is transferred to you').waitFor();
    await page.getByLabel('Your phone (transferred calls ring it)').fill('(219) 555-0188');
    await page.getByLabel('Spanish').check();
    await page.getByRole('button', { name: 'Go on duty' }).click();
    await page.getByText(/^On duty until /).waitFor();
    expect(await page.getByLabel('Your phone (transferred calls ring it)').inputValue()).toBe(
      '+12195550188',
    );
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Go off duty' }).click();
    await page.getByText('Off duty: no call is transferred to you').waitFor();
    // Password errors in words, and a new password typed twice.
    await page.getByLabel('Current password').fill('not my password at all');
    await page.getByLabel('New password (at least 12 characters)').fill('a brand new passphrase');
    await page.getByLabel('New password again').fill('a brand new passphrasE');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page
      .getByText('The two new passwords are not the same. Type the new one again.')
      .waitFor();
    await page.getByLabel('New password again').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your current password is not correct').waitFor();
  });

  it('alerts every console when an emergency transfer fails, until someone acknowledges it', async () => {
    await page.getByRole('link', { name: 'Follow-ups' }).click();
    const placed = await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set({ authorization: `Bearer ${t.token()}` })
      .send(callRequest({ driverId: 'DRV_SOS', phoneNumber: '+15005550017' }))
      .expect(200);
    const alert = page.getByRole('region', { name: /^Emergency alert for / });
    await alert.waitFor({ timeout: 30000 });
    expect(await alert.textContent()).toContain('Emergency: accident reported, co-driver injured');
    expect(await accessibilityProblems(page)).toEqual([]);
    // Still there on another page, and after a reload (the team feed sends what is open).
    await page.reload();
    await alert.waitFor();
    await alert.getByRole('link', { name: 'Open the call' }).click();
    await page.getByText(/^Transfer failed to \+12195550199/).waitFor();
    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    await alert.waitFor({ state: 'detached' });
    const open = await request(t.url)
      .get('/dispatcher-alerts')
      .set({ authorization: `Bearer ${t.token()}` })
      .expect(200);
    expect(open.body.alerts).toEqual([]);
    await page.getByRole('link', { name: 'Follow-ups' }).click();
    await page.getByLabel('Reason').selectOption('transfer_failed');
    await page.getByRole('button', { name: 'Apply' }).click();
    const rows = `tr[data-call-sid="${placed.body.call_sid as string}"]`;
    const row = page.locator(`${rows}[data-item="call"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('The whole callTransfer to a person failed');
    // Filtered to failed transfers: the call's items (disputed, not discussed) are not listed.
    await page.locator(`${rows}[data-item="1"]`).waitFor({ state: 'detached' });
  });

  it('works on a phone-sized screen, made no outside requests and logged no errors', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const widest = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await widest()).toBeLessThanOrEqual(390); // the follow-ups page, still open
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: 'Lane 12 reefers' }).click();
    await page.locator('tr[data-driver-id="CSV_1"]').waitFor();
    expect(await widest()).toBeLessThanOrEqual(390);
    // Each driver a card: its cells stacked, each labelled.
    expect(
      await page.evaluate(() => {
        // Read in one go: the live page redraws its rows on every change.
        const cell = document.querySelector('tr[data-driver-id="CSV_1"] td')!;
        return {
          display: getComputedStyle(cell).display,
          label: getComputedStyle(cell, '::before').content,
        };
      }),
    ).toEqual({ display: 'block', label: '"Driver"' });
    for (const [link, heading] of [
      ['History', 'Call history'],
      ['Follow-ups', 'Follow-ups'],
      ['Audit', 'Audit trail'],
    ]) {
      await page.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: heading }).waitFor();
      await page.locator('tbody tr').first().waitFor();
      expect(await widest()).toBeLessThanOrEqual(390);
      expect(await accessibilityProblems(page)).toEqual([]);
    }
    await page.getByRole('link', { name: 'Place a call' }).click();
    await page.getByRole('heading', { name: 'Place a call' }).waitFor();
    expect(await widest()).toBeLessThanOrEqual(390);
    await page.getByRole('link', { name: /Live calls/ }).click();
    await page.getByRole('heading', { name: 'Live calls' }).waitFor();
    expect(await widest()).toBeLessThanOrEqual(390);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await widest()).toBeLessThanOrEqual(390);
    await page.getByRole('link', { name: 'Drivers' }).click();
    await page.getByRole('link', { name: 'Rosa Lopez' }).click();
    await page.getByRole('heading', { name: 'Rosa Lopez' }).waitFor();
    expect(await widest()).toBeLessThanOrEqual(390);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    expect(await widest()).toBeLessThanOrEqual(390);
    expect(outsideRequests).toEqual([]);
    // Chromium reports every 4xx answer to fetch() as a console error; these were provoked on
    // purpose above (wrong password, refused phone number, wrong current password). Nothing
    // else may appear.
    expect(consoleErrors).toEqual([
      'Failed to load resource: the server responded with a status of 401 (Unauthorized)',
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
  });
});

describeBrowser('dispatch console: a call by hand in the driver’s quiet hours', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp({ env: { QUIET_HOURS: '08:00-21:00' } });
    await t.app.get(UsersService).create('night@example.com', 'correct horse battery');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(t.url);
    await page.getByLabel('Email').fill('night@example.com');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Place a call' }).waitFor();
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function fillCall(driverId: string, zone: string) {
    await page.getByLabel('Driver ID').fill(driverId);
    await page.getByLabel('Driver name').fill('Ana Diaz');
    await page.getByLabel('Phone number').fill('+1 219 200 2824');
    await page.getByLabel('Trip ID').fill('TRIP_9');
    await page.getByLabel('What to discuss').first().fill('Your reefer is at 45F, it must be 38F');
    await page.getByLabel('What to discuss').nth(1).fill('Send the loaded trailer pictures');
    await page.getByLabel('Driver’s time zone').fill(zone);
  }

  it('warns with the driver’s local time, and places the call only when asked again', async () => {
    const night = zoneWhereLocalHourIn(0, 6);
    await fillCall('DRV_NIGHT', night);
    await page.getByRole('button', { name: 'Place call' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'outside quiet hours' });
    await warning.waitFor();
    const shown = /It is (\d\d:\d\d) for the driver/.exec((await warning.textContent())!)![1];
    // The minute may turn between the page's clock and this one.
    expect([
      localTime(new Date(), night),
      localTime(new Date(Date.now() - 60_000), night),
    ]).toContain(shown);
    expect(await warning.textContent()).toContain(`(${night}), outside quiet hours 08:00–21:00`);
    expect(await page.locator('.turn').count()).toBe(0);
    await page.getByRole('button', { name: 'Place anyway' }).click();
    await page.getByRole('heading', { name: 'Live calls' }).waitFor();
    const calls = await request(t.url)
      .get('/calls?driverId=DRV_NIGHT')
      .set({ authorization: `Bearer ${t.token()}` })
      .expect(200);
    expect(calls.body.calls).toHaveLength(1);
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('places a call in the driver’s daytime without asking', async () => {
    await page.getByRole('link', { name: 'Place a call' }).click();
    await fillCall('DRV_DAY', zoneWhereLocalHourIn(10, 19));
    await page.getByRole('button', { name: 'Place call' }).click();
    await page.getByRole('heading', { name: 'Live calls' }).waitFor();
  });

  it('places a call in Spanish, and marks it on the call’s page', async () => {
    await page.getByRole('link', { name: 'Place a call' }).click();
    await fillCall('DRV_ES', zoneWhereLocalHourIn(10, 19));
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('button', { name: 'Place call' }).click();
    await page.getByRole('heading', { name: 'Live calls' }).waitFor();
    const calls = await request(t.url)
      .get('/calls?driverId=DRV_ES')
      .set({ authorization: `Bearer ${t.token()}` })
      .expect(200);
    expect(calls.body.calls.map((call: { language: string }) => call.language)).toEqual(['es']);
    await page.evaluate(
      (sid) => (location.hash = `#/calls/${encodeURIComponent(sid)}`),
      calls.body.calls[0].call_sid as string,
    );
    await page.locator('.badge-language').waitFor();
    expect(await page.locator('.badge-language').first().textContent()).toBe('Español');
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});
