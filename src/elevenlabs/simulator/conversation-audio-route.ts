import { type Response, Router } from 'express';
import type { SimulatedConversation } from './simulated-conversation.js';
import { silentMp3 } from './silent-mp3.js';

/**
 * `GET /v1/convai/conversations/{id}/audio` as the platform serves it: the whole recording as
 * `audio/mpeg` (no ranges: unconfirmed on the platform), 404 for an unknown conversation, 422
 * while there is none (still in progress, never answered, or the agent records nothing).
 */
export function conversationAudioRoutes(
  find: (conversationId: string) => SimulatedConversation | undefined,
  faults: () => { audioCutAfterBytes: number | null; audioBytesPerSecond: number | null },
): Router {
  const router = Router();
  router.get('/conversations/:id/audio', (req, res) => {
    const conversation = find(String(req.params.id));
    if (!conversation) {
      conversationNotFound(res, String(req.params.id));
      return;
    }
    const recorded =
      conversation.status === 'done' && !conversation.failureReason && conversation.recorded;
    if (!recorded) {
      res.status(422).json({
        detail: {
          status: 'audio_not_available',
          message: `Conversation ${conversation.conversationId} has no audio`,
        },
      });
      return;
    }
    const audio = silentMp3(conversation.durationSecs);
    res.setHeader('content-type', 'audio/mpeg');
    res.setHeader('content-length', String(audio.length));
    const { audioCutAfterBytes: cut, audioBytesPerSecond: rate } = faults();
    const sent = cut === null ? audio : audio.subarray(0, cut);
    const end = () => (sent.length < audio.length ? res.destroy() : res.end());
    if (!rate) {
      res.write(sent, end);
      return;
    }
    // A slow link: a chunk every 100 ms at the rate asked for.
    const chunk = Math.max(1, Math.round(rate / 10));
    let at = 0;
    const timer = setInterval(() => {
      if (res.destroyed || at >= sent.length) {
        clearInterval(timer);
        if (!res.destroyed) end();
        return;
      }
      res.write(sent.subarray(at, at + chunk));
      at += chunk;
    }, 100);
    res.on('close', () => clearInterval(timer));
  });
  return router;
}

/** The platform's 404 for a conversation it does not know. */
export function conversationNotFound(res: Response, conversationId: string): void {
  res.status(404).json({
    detail: {
      status: 'conversation_not_found',
      message: `Conversation ${conversationId} was not found`,
    },
  });
}
