/**
 * Why a call never reached the driver. `rate-limited`: ElevenLabs refused the dial for its
 * concurrency limit (not an attempt: campaigns wait and dial again).
 */
export type NotReachedReason =
  'busy' | 'no-answer' | 'voicemail' | 'dial-error' | 'rate-limited' | 'unknown';

/** `call_initiation_failure`'s `failure_reason` (busy, no-answer, unknown) in our words. */
export function notReachedFromInitiationFailure(failureReason: string): NotReachedReason {
  return failureReason === 'busy' || failureReason === 'no-answer' ? failureReason : 'unknown';
}

/** ElevenLabs' voicemail detection ended the call (its termination_reason says so). */
export function endedAtVoicemail(metadata: Record<string, unknown> | null): boolean {
  const reason = metadata?.termination_reason;
  return typeof reason === 'string' && reason.toLowerCase().includes('voicemail_detection');
}
