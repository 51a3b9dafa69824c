/** Types for the guide's CallMonitor, so the test can drive it; the code itself is the seed's. */
export declare class CallMonitor {
  constructor(baseUrl: string, authToken: string);
  ws: import('ws').WebSocket;
  maxReconnectAttempts: number;
  connect(): void;
  disconnect(): void;
  subscribeToCall(id: string): void;
  unsubscribeFromCall(id: string): void;
  onSubscriptionConfirmed(message: unknown): void;
  onTranscription(message: never): void;
  onCallStatus(message: never): void;
  onCallCompleted(message: never): void;
  onError(message: unknown): void;
}
