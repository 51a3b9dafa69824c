import type { TransferRoute } from '../../escalation/transfer-route.js';

/** How the agent's `reason` marks an emergency transfer (the post-call data is read by it). */
export const EMERGENCY_REASON_PREFIX = 'Emergency:';

/**
 * When and where the agent puts the driver through to a person, for this call's route. Without a
 * dispatcher the agent takes a message (data collection's needs_dispatcher flags the call).
 */
export function transferInstructions(route: TransferRoute | undefined, who: string): string[] {
  const dispatcher = route?.dispatcher ?? null;
  const emergency = route?.emergency ?? null;
  const lines = [
    dispatcher
      ? `If the driver disputes a violation or asks to speak with a person, tell them you are putting them through to a dispatcher, then transfer the call to ${dispatcher} with the transfer_to_number tool. In agent_message, tell the dispatcher who is on the line (${who}) and why; in reason, say why in a few words.`
      : 'Nobody from dispatch can take a call right now. If the driver disputes a violation or asks to speak with a person, do not transfer: tell them a dispatcher will call them back, take a short message, and carry on or end the call politely.',
  ];
  const danger =
    'If the driver reports that someone is hurt or in danger (a crash, a fire, a medical emergency, a threat), first tell them to call 911 right away.';
  lines.push(
    emergency
      ? `${danger} Then transfer the call to ${emergency} with the transfer_to_number tool, with a reason that begins with "${EMERGENCY_REASON_PREFIX}".`
      : `${danger} Nobody can be put through: tell them dispatch will call them back as soon as possible, and end the call so they can call 911.`,
  );
  return lines;
}

/** Whether a transfer was for someone hurt or in danger (the agent's reason says so). */
export function isEmergencyReason(reason: string | null): boolean {
  if (!reason) return false;
  return (
    reason.trim().toLowerCase().startsWith(EMERGENCY_REASON_PREFIX.toLowerCase()) ||
    /\b(911|emergenc\w*|injur\w*|hurt|danger\w*|accident|crash\w*|fire|medical|bleeding|unsafe|safety)\b/i.test(
      reason,
    )
  );
}
