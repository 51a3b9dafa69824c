import { Router } from 'express';
import type { SimulatedConversation } from './simulated-conversation.js';

const MAX_PAGE_SIZE = 100;

function queryNumber(value: unknown): number | undefined | null {
  if (value === undefined) return undefined;
  const number = Number(value);
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(number)
    ? number
    : null;
}

function invalid(res: import('express').Response, param: string, msg: string): void {
  res.status(422).json({ detail: [{ loc: ['query', param], msg, type: 'value_error' }] });
}

/**
 * `GET /v1/convai/conversations` as the platform pages it (ELEVENLABS.md §2): newest first,
 * `page_size` up to 100, filtered by `agent_id` and `call_start_after_unix`/`_before_unix`;
 * conversations still in progress are listed too.
 */
export function conversationListRoutes(all: () => Iterable<SimulatedConversation>): Router {
  const router = Router();
  router.get('/conversations', (req, res) => {
    const pageSize = queryNumber(req.query.page_size) ?? 30;
    if (
      pageSize === null ||
      !Number.isInteger(pageSize) ||
      pageSize < 1 ||
      pageSize > MAX_PAGE_SIZE
    )
      return invalid(res, 'page_size', `ensure this value is between 1 and ${MAX_PAGE_SIZE}`);
    const after = queryNumber(req.query.call_start_after_unix);
    const before = queryNumber(req.query.call_start_before_unix);
    if (after === null)
      return invalid(res, 'call_start_after_unix', 'value is not a valid integer');
    if (before === null)
      return invalid(res, 'call_start_before_unix', 'value is not a valid integer');
    const offset = req.query.cursor === undefined ? 0 : Number(req.query.cursor);
    if (!Number.isSafeInteger(offset) || offset < 0)
      return invalid(res, 'cursor', 'invalid cursor');
    const agentId = typeof req.query.agent_id === 'string' ? req.query.agent_id : undefined;
    const matching = [...all()]
      .filter((c) => !agentId || c.agentId === agentId)
      .filter((c) => after === undefined || c.startUnix > after)
      .filter((c) => before === undefined || c.startUnix < before)
      .reverse();
    const page = matching.slice(offset, offset + pageSize);
    const hasMore = offset + pageSize < matching.length;
    res.json({
      conversations: page.map(summaryOf),
      has_more: hasMore,
      next_cursor: hasMore ? String(offset + pageSize) : null,
    });
  });
  return router;
}

function summaryOf(conversation: SimulatedConversation): Record<string, unknown> {
  return {
    agent_id: conversation.agentId,
    agent_name: 'Dispatch (simulated)',
    conversation_id: conversation.conversationId,
    start_time_unix_secs: conversation.startUnix,
    call_duration_secs: conversation.durationSecs,
    message_count: conversation.turns.length,
    status: conversation.status,
    call_successful: conversation.status === 'done' ? 'success' : 'unknown',
    direction: conversation.direction,
    conversation_initiation_source: 'twilio',
  };
}
