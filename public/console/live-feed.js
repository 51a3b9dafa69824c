import { api, session } from './api.js';

const WATCHED_KEY = 'dispatch-voice-watched';

/** The team-wide feed of calls in progress (`{"subscribe": "calls"}`). */
export const TEAM_FEED = 'calls';

/**
 * One WebSocket (Part 5) for the team's board and every call being watched. The board (`board`:
 * call_sid → call) is every call in progress across the team, from `live_calls` on subscribing,
 * then `call_started` and the `call_status` that ends each. It remembers the last sequence number seen
 * per call and resubscribes with `since` after a dropped connection, so nothing is missed or
 * shown twice; the list of watched calls survives a reload (the transcript is replayed then).
 */
export class LiveFeed extends EventTarget {
  constructor() {
    super();
    this.calls = new Map();
    this.board = new Map();
    /** Alerts nobody acknowledged yet (id → alert), from the team feed. */
    this.alerts = new Map();
    this.socket = null;
    this.retries = 0;
    this.stopped = false;
    for (const callSid of JSON.parse(sessionStorage.getItem(WATCHED_KEY) ?? '[]'))
      this.calls.set(callSid, this.blank(callSid));
  }

  blank(callSid) {
    return {
      callSid,
      conversationId: null,
      status: 'in_progress',
      lastSequence: 0,
      turns: [],
      data: null,
      error: null,
    };
  }

  start() {
    this.stopped = false;
    if (!this.socket) this.connect();
  }

  stop() {
    this.stopped = true;
    this.socket?.close(1000, 'Signed out');
    this.socket = null;
    this.calls.clear();
    this.board.clear();
    this.alerts.clear();
    this.dispatchEvent(new CustomEvent('alerts'));
    sessionStorage.removeItem(WATCHED_KEY);
  }

  watch(callSid) {
    if (!this.calls.has(callSid)) {
      this.calls.set(callSid, this.blank(callSid));
      this.save();
      this.send({ subscribe: callSid });
      this.describe(this.calls.get(callSid));
    }
    this.changed(callSid);
  }

  /** Who the call is with (driver, phone, trip), so its card is named by them. */
  describe(call) {
    if (call.about) return;
    call.about = {};
    api('GET', `/calls/${encodeURIComponent(call.callSid)}`)
      .then((detail) => {
        call.about = detail;
        this.changed(call.callSid);
      })
      .catch(() => (call.about = null));
  }

  forget(callSid) {
    this.calls.delete(callSid);
    this.save();
    this.send({ unsubscribe: callSid });
    this.changed(callSid);
  }

  save() {
    sessionStorage.setItem(WATCHED_KEY, JSON.stringify([...this.calls.keys()]));
  }

  send(message) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(
      `${scheme}://${location.host}/ws/calls/transcriptions?token=${encodeURIComponent(session.token ?? '')}`,
    );
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retries = 0;
      this.dispatchEvent(new CustomEvent('connection', { detail: 'connected' }));
      this.send({ subscribe: TEAM_FEED });
      for (const call of this.calls.values()) {
        this.send({ subscribe: call.callSid, since: call.lastSequence });
        this.describe(call);
      }
    });
    socket.addEventListener('message', (event) => this.receive(JSON.parse(event.data)));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.dispatchEvent(new CustomEvent('connection', { detail: 'disconnected' }));
      if (this.stopped) return;
      const delay = Math.min(1000 * 2 ** this.retries++, 15000);
      setTimeout(() => !this.stopped && !this.socket && this.connect(), delay);
    });
  }

  receive(message) {
    if (message.type === 'error') {
      if (message.code === 'AUTHENTICATION_FAILED') {
        this.stopped = true;
        window.dispatchEvent(new CustomEvent('signed-out', { detail: message.message }));
        return;
      }
      const call = message.identifier && this.calls.get(message.identifier);
      if (call) {
        call.error = message.message;
        this.changed(call.callSid);
      }
      return;
    }
    if (this.onAlert(message) || this.onBoard(message)) return;
    const call = this.calls.get(message.call_sid) ?? this.calls.get(message.identifier);
    if (!call) return;
    call.conversationId = message.conversation_id ?? call.conversationId;
    switch (message.type) {
      case 'subscription_confirmed':
        call.status = message.status;
        break;
      case 'transcription':
        if (message.sequence_number <= call.lastSequence) return;
        call.turns.push(message);
        call.lastSequence = message.sequence_number;
        break;
      case 'transcription_corrected': {
        // The agent was cut off, or ElevenLabs worded a live turn differently: same turn, new words.
        const turn = call.turns.find((t) => t.sequence_number === message.sequence_number);
        if (!turn) return;
        turn.message_text = message.message_text;
        break;
      }
      case 'call_transferred':
        call.transfer = message;
        break;
      case 'item_outcome':
        call.items ??= new Map();
        call.items.set(message.item, { ...message, type: message.item_type });
        break;
      case 'call_status':
        call.status = message.status;
        call.endTime = message.call_end_time;
        if (message.status !== 'in_progress' && call.turns.length === 0) this.whyNotReached(call);
        break;
      case 'call_completed':
        call.data = message.call_data;
        call.items = new Map((message.call_data.items ?? []).map((item) => [item.item, item]));
        call.status = message.call_data.status;
        break;
      default:
        return;
    }
    this.changed(call.callSid, message);
  }

  /** An ended call nobody spoke on: ask why (line busy, no answer, voicemail) to say so. */
  whyNotReached(call) {
    api('GET', `/calls/${encodeURIComponent(call.callSid)}`)
      .then((detail) => {
        call.notReached = detail.not_reached;
        call.callSuccessful = detail.call_successful;
        this.changed(call.callSid);
      })
      .catch(() => undefined);
  }

  /** Keeps the team's open alerts; true when the message was one. */
  onAlert(message) {
    if (message.type === 'dispatcher_alert') this.alerts.set(message.id, message);
    else if (message.type === 'dispatcher_alert_acknowledged') this.alerts.delete(message.id);
    else if (message.type === 'subscription_confirmed' && message.identifier === TEAM_FEED) {
      this.alerts = new Map((message.open_alerts ?? []).map((alert) => [alert.id, alert]));
      this.dispatchEvent(new CustomEvent('alerts'));
      return false;
    } else return false;
    this.dispatchEvent(new CustomEvent('alerts'));
    return true;
  }

  /** Keeps the team's board; true when the message was the board's alone. */
  onBoard(message) {
    if (message.type === 'subscription_confirmed' && message.identifier === TEAM_FEED) {
      this.board = new Map(message.live_calls.map((call) => [call.call_sid, call]));
    } else if (message.type === 'call_started') {
      this.board.set(message.call_sid, message);
    } else if (message.type === 'call_status' && message.status !== 'in_progress') {
      // Also a watched call's status: the caller goes on with it.
      if (this.board.delete(message.call_sid)) this.dispatchEvent(new CustomEvent('board'));
      return false;
    } else return false;
    this.dispatchEvent(new CustomEvent('board'));
    return true;
  }

  changed(callSid, message) {
    this.dispatchEvent(new CustomEvent('change', { detail: { callSid, message } }));
  }
}
