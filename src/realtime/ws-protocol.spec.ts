import { MAX_CLIENT_MESSAGE_BYTES, parseClientMessage } from './ws-protocol.js';

const parse = (text: string) => parseClientMessage(text, Buffer.byteLength(text));

describe('parseClientMessage', () => {
  it('reads subscribe with and without since, and unsubscribe', () => {
    expect(parse('{"subscribe":"EL_1"}')).toEqual({
      action: 'subscribe',
      identifier: 'EL_1',
      since: 0,
    });
    expect(parse('{"subscribe":"conv_1","since":7}')).toEqual({
      action: 'subscribe',
      identifier: 'conv_1',
      since: 7,
    });
    expect(parse('{"unsubscribe":"EL_1"}')).toEqual({ action: 'unsubscribe', identifier: 'EL_1' });
  });

  it.each([
    ['not json', 'INVALID_MESSAGE'],
    ['[1,2]', 'INVALID_MESSAGE'],
    ['{"hello":1}', 'INVALID_MESSAGE'],
    ['{"subscribe":"x","since":-1}', 'INVALID_MESSAGE'],
    ['{"subscribe":"x","since":1.5}', 'INVALID_MESSAGE'],
    ['{"subscribe":42}', 'INVALID_IDENTIFIER'],
    ['{"subscribe":""}', 'INVALID_IDENTIFIER'],
    ['{"subscribe":"   "}', 'INVALID_IDENTIFIER'],
    [`{"subscribe":"${'x'.repeat(256)}"}`, 'INVALID_IDENTIFIER'],
    // The REST rule too: what GET /calls/{identifier} refuses, a subscription refuses.
    ['{"subscribe":"EL_DRV 1_2025"}', 'INVALID_IDENTIFIER'],
    ['{"subscribe":"conv/../x"}', 'INVALID_IDENTIFIER'],
    [`{"subscribe":"${'x'.repeat(MAX_CLIENT_MESSAGE_BYTES)}"}`, 'INVALID_MESSAGE'],
  ])('refuses %s with %s', (text, code) => {
    expect(parse(text)).toMatchObject({ action: 'invalid', code });
  });
});
