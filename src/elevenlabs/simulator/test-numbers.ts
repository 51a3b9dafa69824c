/**
 * Like a payment provider's test cards: numbers that make the simulator misbehave on purpose.
 * Any other valid number gets a normal, successful conversation. `description` is for developers
 * (the platform's wire names); `plain` is what the console shows dispatchers.
 */
export const TEST_NUMBERS = {
  '+15005550001': {
    behaviour: 'busy',
    description: 'Line busy: call_initiation_failure (busy)',
    plain: 'The line is busy.',
  },
  '+15005550002': {
    behaviour: 'no-answer',
    description: 'Nobody answers: call_initiation_failure (no-answer)',
    plain: 'Nobody answers.',
  },
  '+15005550003': {
    behaviour: 'server-error',
    description: 'ElevenLabs answers 500; no call is placed',
    plain: 'The call cannot be placed: the voice platform has an error.',
  },
  '+15005550004': {
    behaviour: 'rate-limited',
    description: 'ElevenLabs answers 429 (concurrency limit); no call is placed',
    plain: 'The call cannot be placed: the voice platform is at capacity.',
  },
  '+15005550005': {
    behaviour: 'hang',
    description: 'ElevenLabs never answers the request (timeout)',
    plain: 'The voice platform never answers when asked to call.',
  },
  '+15005550006': {
    behaviour: 'unsuccessful',
    description: 'The driver pushes back: call_successful "failure"',
    plain: 'The driver pushes back on everything.',
  },
  '+15005550007': {
    behaviour: 'lossy',
    description: 'Every third transcription webhook is lost',
    plain: 'Some live transcript lines arrive late (the record is complete after the call).',
  },
  '+15005550008': {
    behaviour: 'silent',
    description:
      'No live events and no webhooks at all; the conversation is only visible by fetching it',
    plain: 'Nothing live: the call shows up only when fetched afterwards.',
  },
  '+15005550009': {
    behaviour: 'voicemail',
    description:
      "Voicemail picks up: with the agent's voicemail_detection tool the agent leaves its message and hangs up (post_call_transcription, termination_reason says so)",
    plain: 'Voicemail answers; the agent leaves a message.',
  },
  '+15005550010': {
    behaviour: 'busy-once',
    description: 'Busy the first time each driver is called on it, answers from the second call on',
    plain: 'Busy the first time a driver is called, answers after.',
  },
  '+15005550011': {
    behaviour: 'opt-out',
    description: 'The driver asks not to be called again: data collection driver_opt_out true',
    plain: 'The driver asks not to be called again.',
  },
  '+15005550012': {
    behaviour: 'driving',
    description:
      '"I\'m driving, call me back in 20 minutes": nothing is discussed; data collection call_back_in_minutes 20',
    plain: 'The driver is driving and asks to be called back in 20 minutes.',
  },
  '+15005550013': {
    behaviour: 'voicemail-then-callback',
    description:
      'Voicemail picks up; a moment after the message the driver phones the agent back (an inbound call through the conversation-initiation webhook)',
    plain: 'Voicemail answers, then the driver calls back.',
  },
  '+15005550014': {
    behaviour: 'spanish-speaker',
    description:
      "A Spanish speaker answers an English call: the agent's language_detection tool switches the call to Spanish (metadata.main_language es)",
    plain: 'A Spanish speaker answers; the agent switches to Spanish.',
  },
  '+15005550015': {
    behaviour: 'asks-for-person',
    description:
      "The driver disputes the first item and asks for a dispatcher: the agent's transfer_to_number tool puts them through (a warm transfer that succeeds)",
    plain: 'The driver disputes an item and is put through to a dispatcher.',
  },
  '+15005550016': {
    behaviour: 'transfer-fails',
    description:
      'The driver disputes the first item and asks for a dispatcher; the transfer fails (transfer_to_number_error) and the agent promises a call back',
    plain: 'The driver asks for a dispatcher, but the transfer fails.',
  },
  '+15005550017': {
    behaviour: 'emergency',
    description:
      'The driver reports an accident with someone hurt: the agent tells them to call 911, then the emergency transfer fails (every on-duty dispatcher is alerted)',
    plain: 'The driver reports an emergency and the transfer fails: the team is alerted.',
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
