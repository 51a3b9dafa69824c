/**
 * Like a payment provider's test cards: numbers that make the simulator misbehave on purpose.
 * Any other valid number gets a normal, successful conversation.
 */
export const TEST_NUMBERS = {
  '+15005550001': { behaviour: 'busy', description: 'Line busy: call_initiation_failure (busy)' },
  '+15005550002': {
    behaviour: 'no-answer',
    description: 'Nobody answers: call_initiation_failure (no-answer)',
  },
  '+15005550003': {
    behaviour: 'server-error',
    description: 'ElevenLabs answers 500; no call is placed',
  },
  '+15005550004': {
    behaviour: 'rate-limited',
    description: 'ElevenLabs answers 429 (concurrency limit); no call is placed',
  },
  '+15005550005': {
    behaviour: 'hang',
    description: 'ElevenLabs never answers the request (timeout)',
  },
  '+15005550006': {
    behaviour: 'unsuccessful',
    description: 'The driver pushes back: call_successful "failure"',
  },
  '+15005550007': { behaviour: 'lossy', description: 'Every third transcription webhook is lost' },
  '+15005550008': {
    behaviour: 'silent',
    description:
      'No live events and no webhooks at all; the conversation is only visible by fetching it',
  },
  '+15005550009': {
    behaviour: 'voicemail',
    description:
      "Voicemail picks up: with the agent's voicemail_detection tool the agent leaves its message and hangs up (post_call_transcription, termination_reason says so)",
  },
  '+15005550010': {
    behaviour: 'busy-once',
    description: 'Busy the first time each driver is called on it, answers from the second call on',
  },
  '+15005550011': {
    behaviour: 'opt-out',
    description: 'The driver asks not to be called again: data collection driver_opt_out true',
  },
  '+15005550012': {
    behaviour: 'driving',
    description:
      '"I\'m driving, call me back in 20 minutes": nothing is discussed; data collection call_back_in_minutes 20',
  },
  '+15005550013': {
    behaviour: 'voicemail-then-callback',
    description:
      'Voicemail picks up; a moment after the message the driver phones the agent back (an inbound call through the conversation-initiation webhook)',
  },
  '+15005550014': {
    behaviour: 'spanish-speaker',
    description:
      "A Spanish speaker answers an English call: the agent's language_detection tool switches the call to Spanish (metadata.main_language es)",
  },
  '+15005550015': {
    behaviour: 'asks-for-person',
    description:
      "The driver disputes the first item and asks for a dispatcher: the agent's transfer_to_number tool puts them through (a warm transfer that succeeds)",
  },
  '+15005550016': {
    behaviour: 'transfer-fails',
    description:
      'The driver disputes the first item and asks for a dispatcher; the transfer fails (transfer_to_number_error) and the agent promises a call back',
  },
  '+15005550017': {
    behaviour: 'emergency',
    description:
      'The driver reports an accident with someone hurt: the agent tells them to call 911, then the emergency transfer fails (every on-duty dispatcher is alerted)',
  },
} as const;

export type TestNumber = keyof typeof TEST_NUMBERS;
export type SimulatedBehaviour = (typeof TEST_NUMBERS)[TestNumber]['behaviour'] | 'normal';

export function behaviourFor(toNumber: string): SimulatedBehaviour {
  return (
    (TEST_NUMBERS as Record<string, { behaviour: SimulatedBehaviour }>)[toNumber]?.behaviour ??
    'normal'
  );
}

/** The line is answered by a voicemail greeting. */
export function reachesVoicemail(behaviour: SimulatedBehaviour): boolean {
  return behaviour === 'voicemail' || behaviour === 'voicemail-then-callback';
}
