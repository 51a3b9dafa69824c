import { phrasesFor, SPANISH } from './script-phrases.js';
import type { SimulatedBehaviour } from './test-numbers.js';
import type { TransferPlan } from './transfer-script.js';

export interface ScriptTurn {
  role: 'agent' | 'user';
  /** What was said (the transcript's words). */
  message: string;
  /** The agent meant to say this too, but the driver cut in (the monitor sends a correction). */
  interruptedTail?: string;
  /** A driver reply that settles an item: the agent records it with its tool. */
  settles?: SettledItem;
  /** The agent calls its language_detection tool here, switching to this language. */
  detectsLanguage?: string;
  /** The agent calls its transfer_to_number tool as it says this. */
  transfer?: TransferPlan;
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

/**
 * A believable call about the prompt's violations and reminders, violations first, in the
 * call's language. A Spanish speaker who is called in English (`spanish-speaker`) answers in
 * Spanish; with the agent's language_detection tool (`detectsLanguage`) the agent switches and
 * the call goes on in Spanish, without it the agent carries on in English.
 */
export function buildScript(
  driverName: string,
  firstMessage: string | undefined,
  topics: Topic[],
  behaviour: SimulatedBehaviour,
  language = 'en',
  detectsLanguage = false,
): { turns: ScriptTurn[]; language: string } {
  const firstName = driverName.split(/\s+/)[0] || 'there';
  if (behaviour === 'driving') return { turns: drivingScript(firstName, firstMessage), language };
  const switches = behaviour === 'spanish-speaker' && language !== 'es' && detectsLanguage;
  const spoken = switches ? 'es' : language;
  const say = phrasesFor(spoken);
  const turns: ScriptTurn[] = [
    { role: 'agent', message: firstMessage || phrasesFor(language).opening(firstName) },
  ];
  if (behaviour === 'spanish-speaker' && language !== 'es') {
    turns.push({ role: 'user', message: 'Perdón, no hablo bien inglés. ¿Habla español?' });
    if (switches)
      turns.push(
        { role: 'agent', message: 'Claro que sí, seguimos en español.', detectsLanguage: 'es' },
        { role: 'user', message: SPANISH.ready },
      );
  } else
    turns.push({ role: 'user', message: behaviour === 'unsuccessful' ? say.reluctant : say.ready });
  const ordered = [
    ...topics.filter((t) => t.kind === 'violation'),
    ...topics.filter((t) => t.kind === 'reminder'),
  ];
  ordered.forEach((topic, index) => {
    const lead = topic.kind === 'violation' ? say.violationLead : say.reminderLead;
    const cutIn = behaviour === 'normal' && index === 0 && topic.kind === 'violation';
    turns.push({
      role: 'agent',
      message: `${lead} ${topic.description}. ${say.ask}`,
      ...(cutIn ? { interruptedTail: say.cutOffTail } : {}),
    });
    const replies =
      behaviour === 'unsuccessful'
        ? say.pushbackReplies
        : topic.kind === 'violation'
          ? say.violationReplies
          : say.reminderReplies;
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
  turns.push({
    role: 'agent',
    message: behaviour === 'unsuccessful' ? say.escalate : say.thanks(firstName),
  });
  const goodbye =
    behaviour === 'unsuccessful'
      ? say.grumpyGoodbye
      : behaviour === 'opt-out'
        ? say.optOutGoodbye
        : say.goodbye;
  turns.push({ role: 'user', message: goodbye });
  return { turns, language: spoken };
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
