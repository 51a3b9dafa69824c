import type { CallLanguage } from '../../drivers/call-language.js';
import type { ViolationDetail } from '../../item-vocabulary/violation-detail.js';
import {
  type CallerIdentity,
  endSentence,
  firstNameOf,
  ITEM_DISCUSSION,
  numberedItems,
  recordingSentence,
} from '../placement/prompt-builder.js';
import {
  SPANISH_INSTRUCTIONS,
  spanishCallbackFirstMessage,
  spanishMessageTakingFirstMessage,
} from '../placement/spanish.js';
import { transferInstructions } from '../placement/transfer-instructions.js';

const SAFETY =
  'Safety comes first: if the driver is driving without a hands-free device, or asks to talk later, discuss no item: ask when to call back, confirm it in minutes, thank them, and end the call politely.';

/** A known driver phoning back about what is still open. */
export interface KnownCallback {
  driverName: string;
  /** What the caller must say before anything is discussed: a trip of theirs. */
  tripId: string;
  items: ViolationDetail[];
}

/** Greets the driver by name, and asks them to confirm who they are. */
export function knownCallerFirstMessage(
  callback: KnownCallback,
  caller: CallerIdentity,
  language: CallLanguage = 'en',
): string {
  if (language === 'es')
    return spanishCallbackFirstMessage(firstNameOf(callback.driverName), caller);
  return `Hi, this is the automated dispatch assistant for ${endSentence(caller.companyName)}${recordingSentence(caller)} Thanks for calling back. Am I speaking with ${firstNameOf(callback.driverName)}?`;
}

/**
 * The open items, numbered as they are settled (violations first), behind an identity check:
 * caller ID can be spoofed, and loads are what cargo thieves want.
 */
export function knownCallerPrompt(
  callback: KnownCallback,
  caller: CallerIdentity,
  language: CallLanguage = 'en',
): string {
  return [
    `You are the automated dispatch assistant for ${endSentence(caller.companyName)} ${callback.driverName} is calling back about open items. If asked, say plainly that you are an automated assistant.`,
    ...(language === 'es' ? SPANISH_INSTRUCTIONS : []),
    `Before you discuss any item, trip or load, confirm you are speaking with ${callback.driverName}: ask for the number of their current trip. It is ${callback.tripId}. If they cannot give it, discuss nothing and name no trip or load: take a message, say a dispatcher will call them back, and end the call.`,
    SAFETY,
    `Once confirmed, go through each item below in order: ${ITEM_DISCUSSION}`,
    ...transferInstructions(caller.transfers, `${callback.driverName}, trip ${callback.tripId}`),
    '',
    'Items to discuss:',
    numberedItems(callback.items),
    '',
    'When every item is covered, thank the driver and end the call.',
  ].join('\n');
}

/** Nothing open, or a number we do not know: take a message, never name a driver. */
export function messageTakingFirstMessage(
  caller: CallerIdentity,
  language: CallLanguage = 'en',
): string {
  if (language === 'es') return spanishMessageTakingFirstMessage(caller);
  return `Hello, this is the automated dispatch assistant for ${endSentence(caller.companyName)}${recordingSentence(caller)} How can I help you?`;
}

export function messageTakingPrompt(caller: CallerIdentity, language: CallLanguage = 'en'): string {
  return [
    `You are the automated dispatch assistant for ${caller.companyName}, answering a call to dispatch. If asked, say plainly that you are an automated assistant.`,
    ...(language === 'es' ? SPANISH_INSTRUCTIONS.slice(0, 1) : []),
    'You do not know who is calling. Never name a driver, a trip, a load or a location, and never confirm whose number this is.',
    "Take a short message: the caller's name, what it is about, and a number to reach them. Tell them a dispatcher will call them back, thank them, and end the call.",
    SAFETY,
    ...transferInstructions(caller.transfers, 'a caller whose number we do not know'),
  ].join('\n');
}
