// The JavaScript client from ../shared/seeds/elevenlabs-integration-guide.md (Part 5), copied
// verbatim between the markers: the tests run it unchanged against the server, with `ws` as the
// global WebSocket.
/* eslint-disable */
// --- seed start ---
class CallMonitor {
  constructor(baseUrl, authToken) {
    this.baseUrl = baseUrl;
    this.authToken = authToken;
    this.ws = null;
    this.reconnectAttempts = 0;
    this.maxReconnectAttempts = 5;
  }

  connect() {
    const wsUrl = `${this.baseUrl}/ws/calls/transcriptions?token=${this.authToken}`;
    this.ws = new WebSocket(wsUrl);

    this.ws.onopen = () => {
      console.log('WebSocket connected');
      this.reconnectAttempts = 0;
    };

    this.ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      this.handleMessage(message);
    };

    this.ws.onerror = (error) => {
      console.error('WebSocket error:', error);
    };

    this.ws.onclose = () => {
      console.log('WebSocket closed');
      this.attemptReconnect();
    };
  }

  handleMessage(message) {
    switch (message.type) {
      case 'subscription_confirmed':
        console.log(`Subscribed to call: ${message.call_sid}`);
        this.onSubscriptionConfirmed(message);
        break;

      case 'transcription':
        console.log(`New transcription: ${message.speaker_type}: ${message.message_text}`);
        this.onTranscription(message);
        break;

      case 'call_status':
        console.log(`Call status: ${message.status}`);
        this.onCallStatus(message);
        break;

      case 'call_completed':
        console.log('Call completed with full data');
        this.onCallCompleted(message);
        break;

      case 'error':
        console.error(`Error: ${message.message} (${message.code})`);
        this.onError(message);
        break;

      default:
        console.warn('Unknown message type:', message.type);
    }
  }

  subscribeToCall(callSidOrConversationId) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(
        JSON.stringify({
          subscribe: callSidOrConversationId,
        }),
      );
    } else {
      console.error('WebSocket not connected');
    }
  }

  unsubscribeFromCall(callSidOrConversationId) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(
        JSON.stringify({
          unsubscribe: callSidOrConversationId,
        }),
      );
    }
  }

  attemptReconnect() {
    if (this.reconnectAttempts < this.maxReconnectAttempts) {
      this.reconnectAttempts++;
      const delay = Math.min(1000 * Math.pow(2, this.reconnectAttempts), 30000);
      console.log(
        `Reconnecting in ${delay}ms (attempt ${this.reconnectAttempts}/${this.maxReconnectAttempts})`,
      );
      setTimeout(() => this.connect(), delay);
    } else {
      console.error('Max reconnection attempts reached');
    }
  }

  disconnect() {
    if (this.ws) {
      this.ws.close();
      this.ws = null;
    }
  }

  // Override these methods in your implementation
  onSubscriptionConfirmed(message) {}
  onTranscription(message) {}
  onCallStatus(message) {}
  onCallCompleted(message) {}
  onError(message) {}
}
// --- seed end ---

export { CallMonitor };
