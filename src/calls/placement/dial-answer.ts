import type { ElevenLabsSettings } from '../../config/app-config.js';

/** The longest ElevenLabs' answer to a dial can take: its timeout, our retries and backoff. */
export function dialAnswerMs(elevenLabs: ElevenLabsSettings): number {
  return elevenLabs.timeoutMs * 3 + 2000;
}
