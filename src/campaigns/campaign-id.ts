import { randomBytes } from 'node:crypto';

/** What a campaign id starts with: the WebSocket routes `subscribe` by it. */
export const CAMPAIGN_ID_PREFIX = 'cmp_';
const CAMPAIGN_ID = /^cmp_[0-9a-f]{32}$/;

/** The id clients see: `cmp_` + 32 hex digits (never mistaken for a call_sid or conversation_id). */
export function newCampaignId(): string {
  return `${CAMPAIGN_ID_PREFIX}${randomBytes(16).toString('hex')}`;
}

export function isCampaignId(identifier: string): boolean {
  return CAMPAIGN_ID.test(identifier);
}
