import { Router } from 'express';
import type { SimulatedConversation } from './simulated-conversation.js';
import { silentMp3 } from './silent-mp3.js';

/**
 * `GET /v1/convai/conversations/{id}/audio` as the platform serves it: the whole recording as
 * `audio/mpeg` (no ranges: unconfirmed on the platform), 404 for an unknown conversation, 422
 * while there is none (still in progress, never answered, or the agent records nothing).
 */
export function conversationAudioRoutes(
  find: (conversationId: string) => SimulatedConversation | undefined,
  cutAfterBytes: () => number | null,
): Router {
  const router = Router();
  router.get('/conversations/:id/audio', (req, res) => {
    const conversation = find(String(req.params.id));
    if (!conversation) {
      res.status(404).json({
        detail: {
          status: 'conversation_not_found',
          message: `Conversation ${String(req.params.id)} was not found`,
        },
      });
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
    const cut = cutAfterBytes();
    if (cut === null || cut >= audio.length) {
      res.end(audio);
      return;
    }
    // A download that breaks off halfway: the promised length never arrives.
    res.write(audio.subarray(0, cut), () => res.destroy());
  });
  return router;
}
