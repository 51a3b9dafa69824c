import type { ViolationDetail } from '../../item-vocabulary/violation-detail.js';

export interface PromptInput {
  driverName: string;
  tripId: string;
  details: ViolationDetail[];
  customRules?: string | null;
}

/** Violations before reminders, each keeping its request order. */
export function orderedDetails(details: ViolationDetail[]): ViolationDetail[] {
  return [
    ...details.filter((d) => d.type === 'violation'),
    ...details.filter((d) => d.type === 'reminder'),
  ];
}

/**
 * The agent's system prompt for one call. Items are numbered `1. [VIOLATION] ...` so a reader
 * (and the simulator) can pick them out.
 */
export function buildPrompt({ driverName, tripId, details, customRules }: PromptInput): string {
  const items = orderedDetails(details)
    .map((detail, index) => `${index + 1}. [${detail.type.toUpperCase()}] ${detail.description}`)
    .join('\n');
  const lines = [
    `You are a friendly, professional truck dispatcher calling ${driverName} about trip ${tripId}.`,
    'Discuss each item below in order: violations first, then reminders. For each violation, make sure the driver understands what is wrong and confirms how and when they will fix it. For each reminder, get a short acknowledgement.',
    'Keep it brief and conversational; the driver may be on the road. Never ask them to read or type while driving.',
    '',
    'Items to discuss:',
    items,
  ];
  if (customRules?.trim())
    lines.push('', `Additional instructions from dispatch: ${customRules.trim()}`);
  lines.push('', 'When every item is covered, thank the driver and end the call.');
  return lines.join('\n');
}

export function buildFirstMessage(driverName: string, tripId: string): string {
  const firstName = driverName.trim().split(/\s+/)[0] ?? driverName;
  return `Hi ${firstName}, this is dispatch calling about trip ${tripId}. Do you have a couple of minutes?`;
}
