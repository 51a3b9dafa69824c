import type { SimulatedBehaviour } from './test-numbers.js';

export interface ScriptTurn {
  role: 'agent' | 'user';
  /** What was said (the transcript's words). */
  message: string;
  /** The agent meant to say this too, but the driver cut in (the monitor sends a correction). */
  interruptedTail?: string;
  /** A driver reply that settles an item: the agent records it with its tool. */
  settles?: SettledItem;
}

/** What the driver committed to for one item, as the agent and the data collection report it. */
export interface SettledItem {
  item: number;
  outcome: 'resolved' | 'will_fix' | 'acknowledged' | 'disputed';
  eta_minutes?: number;
  note: string;
}

interface Topic {
  kind: 'violation' | 'reminder';
  description: string;
}

/** The numbered items the prompt builder writes: `1. [VIOLATION] ...`. */
export function topicsFromPrompt(prompt: string | undefined): Topic[] {
  const topics: Topic[] = [];
  for (const line of (prompt ?? '').split('\n')) {
    const match = /^\s*\d+\.\s*\[(VIOLATION|REMINDER)\]\s*(.+)$/.exec(line);
    if (match)
      topics.push({
        kind: match[1] === 'VIOLATION' ? 'violation' : 'reminder',
        description: match[2]!.trim(),
      });
  }
  return topics;
}

type Reply = { text: string } & Pick<SettledItem, 'outcome' | 'eta_minutes'>;

const VIOLATION_REPLIES: Reply[] = [
  {
    text: "Oh, I didn't catch that. I'll take care of it right now.",
    outcome: 'will_fix',
    eta_minutes: 5,
  },
  {
    text: 'Yeah, I see it. Fixing it at the next stop, should be about ten minutes.',
    outcome: 'will_fix',
    eta_minutes: 10,
  },
  { text: 'Already done, I fixed that an hour ago.', outcome: 'resolved' },
];
const REMINDER_REPLIES: Reply[] = [
  { text: 'Sure thing, I will.', outcome: 'acknowledged' },
  { text: "Will do, I'll send those over in a bit.", outcome: 'acknowledged' },
  { text: 'Okay, noted.', outcome: 'acknowledged' },
];
const PUSHBACK_REPLIES: Reply[] = [
  { text: "That's not right, my gauge says everything is fine.", outcome: 'disputed' },
  { text: "I can't deal with that right now, I'm driving.", outcome: 'disputed' },
];

/** A believable call about the prompt's violations and reminders, violations first. */
export function buildScript(
  driverName: string,
  firstMessage: string | undefined,
  topics: Topic[],
  behaviour: SimulatedBehaviour,
): ScriptTurn[] {
  const firstName = driverName.split(/\s+/)[0] || 'there';
  if (behaviour === 'driving') return drivingScript(firstName, firstMessage);
  const turns: ScriptTurn[] = [
    {
      role: 'agent',
      message: firstMessage || `Hi ${firstName}, this is dispatch calling. Do you have a minute?`,
    },
    {
      role: 'user',
      message: behaviour === 'unsuccessful' ? 'Make it quick.' : "Yeah, sure. What's up?",
    },
  ];
  const ordered = [
    ...topics.filter((t) => t.kind === 'violation'),
    ...topics.filter((t) => t.kind === 'reminder'),
  ];
  ordered.forEach((topic, index) => {
    const lead = topic.kind === 'violation' ? 'I noticed an issue:' : 'Also, a quick reminder:';
    const cutIn = behaviour === 'normal' && index === 0 && topic.kind === 'violation';
    turns.push({
      role: 'agent',
      message: `${lead} ${topic.description}. Can you take care of that?`,
      ...(cutIn ? { interruptedTail: 'It has to be fixed before your next stop.' } : {}),
    });
    const replies =
      behaviour === 'unsuccessful'
        ? PUSHBACK_REPLIES
        : topic.kind === 'violation'
          ? VIOLATION_REPLIES
          : REMINDER_REPLIES;
    const reply = replies[index % replies.length]!;
    turns.push({
      role: 'user',
      message: reply.text,
      settles: {
        item: index + 1,
        outcome: reply.outcome,
        ...(reply.eta_minutes !== undefined ? { eta_minutes: reply.eta_minutes } : {}),
        note: reply.text,
      },
    });
  });
  turns.push(
    behaviour === 'unsuccessful'
      ? {
          role: 'agent',
          message: "Understood. I'll let your dispatcher know we couldn't resolve this now.",
        }
      : { role: 'agent', message: `Thanks ${firstName}, that's everything. Drive safe!` },
  );
  const goodbye: Partial<Record<SimulatedBehaviour, string>> = {
    unsuccessful: 'Whatever. Bye.',
    'opt-out': "Fine. And stop calling me, I don't want these calls anymore. Bye.",
  };
  turns.push({ role: 'user', message: goodbye[behaviour] ?? 'Thanks, bye.' });
  return turns;
}

/** The driver cannot talk safely: the agent discusses nothing and ends the call politely. */
function drivingScript(firstName: string, firstMessage: string | undefined): ScriptTurn[] {
  return [
    {
      role: 'agent',
      message: firstMessage || `Hi ${firstName}, this is dispatch calling. Can you talk safely?`,
    },
    {
      role: 'user',
      message:
        "I'm driving right now and my hands-free isn't on. Can you call me back in 20 minutes?",
    },
    {
      role: 'agent',
      message: `Of course, ${firstName}. Drive safe, we'll call you back in 20 minutes. Goodbye.`,
    },
    { role: 'user', message: 'Thanks, bye.' },
  ];
}

export function summarise(
  driverName: string,
  topics: Topic[],
  successful: boolean,
): { summary: string; title: string } {
  const violations = topics.filter((t) => t.kind === 'violation').length;
  const reminders = topics.length - violations;
  const what = `${violations} violation${violations === 1 ? '' : 's'} and ${reminders} reminder${reminders === 1 ? '' : 's'}`;
  return successful
    ? {
        summary: `${driverName} acknowledged ${what} and agreed to address them.`,
        title: 'Driver acknowledged issues',
      }
    : {
        summary: `${driverName} disputed ${what}; nothing was resolved.`,
        title: 'Driver disputed issues',
      };
}

/**
 * A voicemail greeting answers. With the voicemail_detection tool (`message` not null) the agent
 * recognises it, leaves the message (none when empty) and hangs up; without it the agent talks
 * to the recording, which cuts it off.
 */
export function voicemailScript(
  driverName: string,
  firstMessage: string | undefined,
  message: string | null,
): ScriptTurn[] {
  const greeting: ScriptTurn = {
    role: 'user',
    message: `Hi, you've reached ${driverName}. I can't take your call right now, leave a message after the tone.`,
  };
  if (message === null) {
    return [
      { role: 'agent', message: firstMessage || 'Hi, this is dispatch calling.' },
      greeting,
      { role: 'agent', message: 'Sorry, could you say that again?' },
    ];
  }
  return message ? [greeting, { role: 'agent', message }] : [greeting];
}
