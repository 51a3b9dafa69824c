import type { Conversation } from '../../elevenlabs/elevenlabs.types.js';
import { isEmergencyReason } from '../placement/transfer-instructions.js';
import { transferOf } from './transfer-result.js';

const START = 1_790_000_000;

function conversation(transcript: unknown): Conversation {
  return { metadata: { start_time_unix_secs: START }, transcript } as unknown as Conversation;
}

const call = (id: string, params: Record<string, unknown>) => ({
  request_id: id,
  tool_name: 'transfer_to_number',
  params_as_json: JSON.stringify(params),
});

describe('a call’s transfer, read from the post-call transcript', () => {
  it('takes the number and reason of a Twilio success, timed in the call', () => {
    const found = transferOf(
      conversation([
        { role: 'user', message: 'Let me talk to someone', time_in_call_secs: 10 },
        {
          role: 'agent',
          time_in_call_secs: 12,
          tool_calls: [call('r1', { transfer_number: '+12195550111', reason: 'asks' })],
          tool_results: [
            {
              request_id: 'r1',
              tool_name: 'transfer_to_number',
              is_error: false,
              result: {
                result_type: 'transfer_to_number_twilio_success',
                transfer_number: '+12195550111',
                reason: 'Driver asks for a person',
              },
            },
          ],
        },
      ]),
      new Date(0),
    );
    expect(found).toEqual({
      to: '+12195550111',
      reason: 'Driver asks for a person',
      at: new Date((START + 12) * 1000),
      succeeded: true,
    });
  });

  it('takes number and reason from the tool call when an error result has none', () => {
    const found = transferOf(
      conversation([
        {
          role: 'agent',
          time_in_call_secs: 3,
          tool_calls: [call('r2', { transfer_number: '+12195550199', reason: 'Emergency: crash' })],
          tool_results: [
            {
              request_id: 'r2',
              tool_name: 'transfer_to_number',
              is_error: true,
              result_value: JSON.stringify({ result_type: 'transfer_to_number_error', error: 'x' }),
            },
          ],
        },
      ]),
      new Date(0),
    );
    expect(found).toMatchObject({
      to: '+12195550199',
      reason: 'Emergency: crash',
      succeeded: false,
    });
  });

  it('finds nothing in a call without one, or in what is not a transcript', () => {
    for (const transcript of [
      null,
      'text',
      [null, 1, { tool_results: 'x' }],
      [{ role: 'agent', tool_results: [{ tool_name: 'language_detection', result: {} }] }],
    ])
      expect(transferOf(conversation(transcript), new Date(0))).toBeNull();
  });

  it('counts a result that is not a success as failed, and keeps what fits the columns', () => {
    const found = transferOf(
      conversation([
        {
          role: 'agent',
          tool_results: [
            {
              tool_name: 'transfer_to_number',
              result: { result_type: 'something_new', transfer_number: '9'.repeat(80), reason: 7 },
            },
          ],
        },
      ]),
      new Date(0),
    );
    expect(found).toMatchObject({ to: '9'.repeat(32), reason: null, succeeded: false });
  });
});

describe('which transfers are emergencies', () => {
  it.each([
    ['Emergency: accident, co-driver injured', true],
    ['emergency: fire in the cab', true],
    ['Driver reports someone is hurt', true],
    ['Driver disputes the reefer reading', false],
    ['Driver asks for a person', false],
    [null, false],
  ])('%s → %s', (reason, emergency) => {
    expect(isEmergencyReason(reason)).toBe(emergency);
  });
});
