import { Injectable } from '@nestjs/common';
import { CAMPAIGN_ID_PREFIX } from '../campaigns/campaign-id.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import type { CampaignProgressMessage } from '../events/realtime-messages.js';
import type { SocketSession } from './socket-session.js';

interface Feed {
  subscribers: Set<SocketSession>;
  /** The last progress sent, to send only changes (and never an older snapshot after a newer one). */
  last: string | null;
  /** Progress events seen, so a snapshot read before one of them is not sent after it. */
  events: number;
}

/** A subscription to a campaign rather than a call (an unknown one is CAMPAIGN_NOT_FOUND). */
export function namesCampaign(identifier: string): boolean {
  return identifier.startsWith(CAMPAIGN_ID_PREFIX);
}

/** Sockets subscribed to campaigns: each gets `campaign_progress` on every change. */
@Injectable()
export class CampaignFeeds {
  private readonly feeds = new Map<string, Feed>();

  constructor(private readonly campaigns: CampaignsService) {}

  /** Confirms (or throws CAMPAIGN_NOT_FOUND), then sends where the campaign stands now. */
  async subscribe(session: SocketSession, campaignId: string): Promise<void> {
    let feed = this.feeds.get(campaignId);
    if (!feed) {
      feed = { subscribers: new Set(), last: null, events: 0 };
      this.feeds.set(campaignId, feed);
    }
    const already = feed.subscribers.has(session);
    // Registered before reading, so no change falls between the snapshot and the events.
    feed.subscribers.add(session);
    session.campaigns.add(campaignId);
    const seen = feed.events;
    let current: CampaignProgressMessage;
    try {
      current = await this.campaigns.progress(campaignId);
    } catch (error) {
      if (!already) this.unsubscribe(session, campaignId);
      throw error;
    }
    session.send({
      type: 'subscription_confirmed',
      identifier: campaignId,
      campaign_id: campaignId,
      status: current.status,
    });
    if (already) return;
    // If an event came while reading, it is newer than what was read.
    if (feed.events === seen) feed.last = JSON.stringify(current);
    session.send(JSON.parse(feed.last ?? JSON.stringify(current)) as CampaignProgressMessage);
  }

  unsubscribe(session: SocketSession, campaignId: string): void {
    session.campaigns.delete(campaignId);
    const feed = this.feeds.get(campaignId);
    if (!feed) return;
    feed.subscribers.delete(session);
    if (feed.subscribers.size === 0) this.feeds.delete(campaignId);
  }

  unsubscribeAll(session: SocketSession): void {
    for (const campaignId of [...session.campaigns]) this.unsubscribe(session, campaignId);
  }

  onProgress(message: CampaignProgressMessage): void {
    const feed = this.feeds.get(message.campaign_id);
    if (!feed) return;
    feed.events += 1;
    this.publish(feed, message);
  }

  /** Catches up from the database (progress from another instance may have been lost). */
  async poll(): Promise<void> {
    for (const [campaignId, feed] of this.feeds) {
      const seen = feed.events;
      const current = await this.campaigns.progress(campaignId).catch(() => null);
      if (current && feed.events === seen) this.publish(feed, current);
    }
  }

  private publish(feed: Feed, message: CampaignProgressMessage): void {
    const text = JSON.stringify(message);
    if (text === feed.last) return;
    feed.last = text;
    for (const session of feed.subscribers) session.send(message);
  }
}
