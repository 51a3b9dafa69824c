/** One MPEG-1 Layer III frame: 32 kbit/s, 44.1 kHz, mono, no CRC; all-zero side info is silence. */
const FRAME_BYTES = 104;
const SAMPLES_PER_FRAME = 1152;
const SAMPLE_RATE = 44_100;
const HEADER = Buffer.from([0xff, 0xfb, 0x10, 0xc0]);

const FRAME = Buffer.concat([HEADER, Buffer.alloc(FRAME_BYTES - HEADER.length)]);

/**
 * `seconds` of silence as an MP3 a browser plays and seeks like a real recording (the platform
 * serves `audio/mpeg`), at about 4 kB a second.
 */
export function silentMp3(seconds: number): Buffer {
  const frames = Math.max(1, Math.ceil((seconds * SAMPLE_RATE) / SAMPLES_PER_FRAME));
  return Buffer.concat(Array.from({ length: frames }, () => FRAME));
}
