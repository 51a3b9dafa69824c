export enum CallStatus {
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}

/** The lowercase form the WebSocket messages use. */
export function wireStatus(status: CallStatus): 'in_progress' | 'completed' | 'failed' {
  return status.toLowerCase() as 'in_progress' | 'completed' | 'failed';
}
