/** What the simulator gets wrong on purpose (`PUT /_simulator/faults`). */
export interface SimulatorFaults {
  latencyMs: number;
  errorStatus: number | null;
  down: boolean;
  /** Answer 200 with a body that is not what ElevenLabs sends. */
  malformed: boolean;
  /**
   * An outbound call's answer is this late while the call already goes on: its webhooks (a busy
   * line's `call_initiation_failure`, say) can arrive before the dialler knows its conversation.
   */
  outboundAnswerDelayMs: number;
  /** A recording's download breaks off after this many bytes (the connection is cut). */
  audioCutAfterBytes: number | null;
  /** Recordings download at this rate (a slow link), bytes a second. */
  audioBytesPerSecond: number | null;
}

export const NO_FAULTS: SimulatorFaults = {
  latencyMs: 0,
  errorStatus: null,
  down: false,
  malformed: false,
  outboundAnswerDelayMs: 0,
  audioCutAfterBytes: null,
  audioBytesPerSecond: null,
};
