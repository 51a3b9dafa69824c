import { knownCallerFirstMessage, messageTakingFirstMessage } from './callback-prompt.js';

describe('what a callback says first', () => {
  const callback = { driverName: 'Rosa Lopez', tripId: 'T1', items: [] };
  const caller = (companyName: string) => ({
    companyName,
    recordingNotice: true,
    callbackNumber: null,
  });

  it('ends the company’s sentence once, whether or not its name ends with a period', () => {
    expect(knownCallerFirstMessage(callback, caller('Sample Trucking Co.'))).toBe(
      'Hi, this is the automated dispatch assistant for Sample Trucking Co. This call is recorded. Thanks for calling back. Am I speaking with Rosa?',
    );
    expect(messageTakingFirstMessage(caller('Acme Freight'))).toBe(
      'Hello, this is the automated dispatch assistant for Acme Freight. This call is recorded. How can I help you?',
    );
  });
});
