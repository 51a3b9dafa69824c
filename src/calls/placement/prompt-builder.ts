import type { CallLanguage } from '../../drivers/call-language.js';
import type { TransferRoute } from '../../escalation/transfer-route.js';
import type { ViolationDetail } from '../../item-vocabulary/violation-detail.js';
import { SPANISH_INSTRUCTIONS, spanishFirstMessage } from './spanish.js';
import { transferInstructions } from './transfer-instructions.js';

/** Who is calling, as every call says it. */
export interface CallerIdentity {
  companyName: string;
  /** Say that the call is recorded (RecordingNotice). */
  recordingNotice: boolean;
  /** The number the voicemail asks the driver to call back (CallbackNumber); null when unknown. */
  callbackNumber: string | null;
  /** Who the driver can be put through to on this call; absent: nobody. */
  transfers?: TransferRoute;
}

export interface PromptInput {
  /** The call's language: a Spanish call's agent is told to speak Spanish. */
  language?: CallLanguage;
  driverName: string;
  tripId: string;
  details: ViolationDetail[];
  customRules?: string | null;
  caller: CallerIdentity;
}

/** Violations before reminders, each keeping its request order. */
export function orderedDetails<T extends Pick<ViolationDetail, 'type'>>(details: T[]): T[] {
  return [
    ...details.filter((d) => d.type === 'violation'),
    ...details.filter((d) => d.type === 'reminder'),
  ];
}

/** `1. [VIOLATION] ...`, one line an item, as every prompt lists them (the simulator reads them). */
export function numberedItems(details: ViolationDetail[]): string {
  return orderedDetails(details)
    .map((detail, index) => `${index + 1}. [${detail.type.toUpperCase()}] ${detail.description}`)
    .join('\n');
}

/** How to go through the items, on an outbound call and a callback alike. */
export const ITEM_DISCUSSION =
  'violations first, then reminders. For each violation, make sure the driver understands what is wrong and confirms how and when they will fix it. For each reminder, get a short acknowledgement.';

export const firstNameOf = (name: string) => name.trim().split(/\s+/)[0] ?? name;

/** Ends a sentence on a name that may end with its own period ("Sample Trucking Co."). */
export const endSentence = (text: string) => (text.endsWith('.') ? text : `${text}.`);

/** The recording notice, when the call must give it. */
export const recordingSentence = (caller: CallerIdentity) =>
  caller.recordingNotice ? ' This call is recorded.' : '';

/**
 * The agent's system prompt for one call. Items are numbered `1. [VIOLATION] ...` so a reader
 * (and the simulator) can pick them out.
 */
export function buildPrompt({
  driverName,
  tripId,
  details,
  customRules,
  caller,
  language = 'en',
}: PromptInput): string {
  const lines = [
    `You are the automated dispatch assistant for ${caller.companyName}, a friendly, professional voice calling ${driverName} about trip ${tripId}. If asked, say plainly that you are an automated assistant.`,
    ...(language === 'es' ? SPANISH_INSTRUCTIONS : []),
    'Safety comes first. Your first message asked whether the driver can talk safely, hands-free. If they are driving without a hands-free device, or ask to be called later, discuss no item: ask when to call back, confirm it in minutes, thank them, and end the call politely.',
    `Discuss each item below in order: ${ITEM_DISCUSSION}`,
    ...transferInstructions(caller.transfers, `${driverName}, trip ${tripId}`),
    'Keep it brief and conversational; the driver may be on the road. Never ask them to read or type while driving.',
    '',
    'Items to discuss:',
    numberedItems(details),
  ];
  if (customRules?.trim())
    lines.push('', `Additional instructions from dispatch: ${customRules.trim()}`);
  lines.push('', 'When every item is covered, thank the driver and end the call.');
  return lines.join('\n');
}

/** Who is calling, that it is an automated assistant, the recording notice, the safety question. */
export function buildFirstMessage(
  driverName: string,
  tripId: string,
  caller: CallerIdentity,
  language: CallLanguage = 'en',
): string {
  if (language === 'es') return spanishFirstMessage(firstNameOf(driverName), tripId, caller);
  return `Hi ${firstNameOf(driverName)}, this is the automated dispatch assistant for ${caller.companyName}, calling about trip ${tripId}.${recordingSentence(caller)} Can you talk safely right now, hands-free?`;
}
