import { Injectable } from '@nestjs/common';
import { liveCallView } from '../calls/messages/call-messages.js';
import { CallsRepository } from '../calls/record/calls.repository.js';
import { AppConfig } from '../config/app-config.js';
import { DispatcherAlertsService } from '../escalation/dispatcher-alerts.service.js';
import type {
  CallStartedMessage,
  CallStatusMessage,
  CallTransferredMessage,
  DispatcherAlertAcknowledgedMessage,
  DispatcherAlertMessage,
} from '../events/realtime-messages.js';
import type { SocketSession } from './socket-session.js';
import { TEAM_FEED } from './ws-protocol.js';

/**
 * The team's board (`{"subscribe": "calls"}`, any signed-in user): the calls in progress when
 * it subscribes, then `call_started` for every new call in either direction, `call_status`
 * when a call ends, `call_transferred`, and `dispatcher_alert` / `dispatcher_alert_acknowledged`.
 */
@Injectable()
export class TeamFeed {
  private readonly subscribers = new Set<SocketSession>();

  constructor(
    private readonly calls: CallsRepository,
    private readonly config: AppConfig,
    private readonly alerts: DispatcherAlertsService,
  ) {}

  /** Registered before reading, so no call that starts meanwhile is missed. */
  async subscribe(session: SocketSession): Promise<void> {
    this.subscribers.add(session);
    session.team = true;
    const [live, alerts] = await Promise.all([
      this.calls.inProgress(this.config.calls.maxDurationSeconds),
      this.alerts.list('open'),
    ]);
    session.send({
      type: 'subscription_confirmed',
      identifier: TEAM_FEED,
      live_calls: live.map((call) => liveCallView(call, call.driver?.driverName ?? null)),
      open_alerts: alerts,
    });
  }

  unsubscribe(session: SocketSession): void {
    this.subscribers.delete(session);
    session.team = false;
  }

  onStarted(message: CallStartedMessage): void {
    for (const session of this.subscribers) session.send(message);
  }

  /** Transfers, and the alerts every on-duty dispatcher must see. */
  broadcast(
    message: CallTransferredMessage | DispatcherAlertMessage | DispatcherAlertAcknowledgedMessage,
  ): void {
    for (const session of this.subscribers) session.send(message);
  }

  /** Only ends: the board needs to know when a call leaves it. */
  onStatus(message: CallStatusMessage): void {
    if (message.status === 'in_progress') return;
    for (const session of this.subscribers) session.send(message);
  }
}
