import { type ArgumentsHost, Catch, Logger, type WsExceptionFilter } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { FeatureException } from '../common/feature.exception.js';
import { sendMessage } from './socket-session.js';
import type { ClientRequest, ErrorCode } from './ws-protocol.js';

/** Feature codes that have a Part 5 error code of their own, with the contract's wording. */
const WS_ERRORS: Partial<Record<string, { code: ErrorCode; message?: string }>> = {
  CALL_NOT_FOUND: { code: 'CALL_NOT_FOUND', message: 'Call not found' },
  CAMPAIGN_NOT_FOUND: { code: 'CAMPAIGN_NOT_FOUND', message: 'Campaign not found' },
  INVALID_IDENTIFIER: { code: 'INVALID_IDENTIFIER' },
  TOO_MANY_SUBSCRIPTIONS: { code: 'TOO_MANY_SUBSCRIPTIONS' },
};

/** Errors that name what they refused. */
const WITH_IDENTIFIER = new Set<ErrorCode>([
  'CALL_NOT_FOUND',
  'CAMPAIGN_NOT_FOUND',
  'TOO_MANY_SUBSCRIPTIONS',
]);

/**
 * The gateway's side of the feature exceptions the REST filter turns into `{"detail"}`: an error
 * message with the contract's code; the socket keeps serving. Anything else is our fault,
 * logged, and answered INVALID_MESSAGE so the client may try again.
 */
@Catch()
export class RealtimeExceptionFilter implements WsExceptionFilter {
  private readonly logger = new Logger('TranscriptionsGateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const client = host.switchToWs().getClient<WebSocket>();
    const request = host.switchToWs().getData<ClientRequest>();
    const identifier = 'identifier' in request ? request.identifier : undefined;
    if (exception instanceof FeatureException) {
      const mapped = WS_ERRORS[exception.code] ?? { code: 'INVALID_MESSAGE' as const };
      sendMessage(client, {
        type: 'error',
        code: mapped.code,
        message: mapped.message ?? exception.message,
        ...(WITH_IDENTIFIER.has(mapped.code) && identifier !== undefined ? { identifier } : {}),
      });
      return;
    }
    this.logger.error(`Handling a message failed: ${(exception as Error).message}`);
    sendMessage(client, {
      type: 'error',
      code: 'INVALID_MESSAGE',
      message: 'The server could not handle this message; try again',
    });
  }
}
