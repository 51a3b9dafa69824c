export enum SpeakerType {
  AGENT = 'AGENT',
  DRIVER = 'DRIVER',
}

/** ElevenLabs' `user`/`agent` roles to our speakers. */
export function speakerFromRole(role: string): SpeakerType | null {
  if (role === 'agent') return SpeakerType.AGENT;
  if (role === 'user') return SpeakerType.DRIVER;
  return null;
}

export function wireSpeaker(speaker: SpeakerType): 'agent' | 'driver' {
  return speaker === SpeakerType.AGENT ? 'agent' : 'driver';
}
