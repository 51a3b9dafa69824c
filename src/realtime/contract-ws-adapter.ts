import { Logger } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { MessageRate } from './message-rate.js';
import { sendMessage } from './socket-session.js';
import { type ClientRequest, parseClientMessage, type ServerMessage } from './ws-protocol.js';

type Handler = (request: ClientRequest) => unknown;

function readFrame(data: RawData, isBinary: boolean): ClientRequest {
  if (isBinary) {
    return {
      action: 'invalid',
      code: 'INVALID_MESSAGE',
      message: 'Binary messages are not supported',
    };
  }
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  return parseClientMessage(buffer, buffer.length);
}

export interface SocketLimits {
  messagesPerSecond: number;
  burst: number;
}

/**
 * Nest's `ws` adapter speaking Part 5's own frames: `{"subscribe": id}` and `{"unsubscribe": id}`
 * are routed to the gateway's `@SubscribeMessage('subscribe' | 'unsubscribe')` handlers, anything
 * malformed is answered INVALID_MESSAGE / INVALID_IDENTIFIER here. A socket's messages are
 * handled one after another, so replies keep their order. It replaces the stock adapter's
 * per-connection rxjs pipeline (about 12 KB a socket, measured: 10,000 idle sockets could not
 * stay within the memory budget) with one listener and a promise chain.
 */
export class ContractWsAdapter extends WsAdapter {
  private readonly log = new Logger('ContractWsAdapter');

  constructor(
    app: ConstructorParameters<typeof WsAdapter>[0],
    private readonly limits: SocketLimits,
  ) {
    super(app);
  }

  override bindMessageHandlers(client: WebSocket, handlers: MessageMappingProperties[]): void {
    const byAction = new Map<string, Handler>(
      handlers.map((handler) => [String(handler.message), handler.callback as Handler]),
    );
    const rate = new MessageRate(this.limits.messagesPerSecond, this.limits.burst);
    let queue: Promise<void> = Promise.resolve();
    client.on('message', (data: RawData, isBinary: boolean) => {
      // Over its rate, a message is answered but not handled; earlier subscriptions keep going.
      const request: ClientRequest = rate.take()
        ? readFrame(data, isBinary)
        : {
            action: 'invalid',
            code: 'RATE_LIMITED',
            message: `Too many messages: at most ${this.limits.messagesPerSecond} a second; this one was not handled, send it again shortly`,
          };
      queue = queue
        .then(() => this.dispatch(client, byAction, request))
        .catch((error: Error) => this.log.error(`Handling a message failed: ${error.message}`));
    });
  }

  /** Client sockets that misbehave at the protocol level are dropped, not logged as our errors. */
  override bindErrorHandler(server: WebSocketServer): WebSocketServer {
    server.on('connection', (client: WebSocket) => client.on('error', () => client.terminate()));
    server.on('error', (error: Error) => this.log.error(error.message));
    return server;
  }

  private async dispatch(
    client: WebSocket,
    byAction: Map<string, Handler>,
    request: ClientRequest,
  ): Promise<void> {
    if (request.action === 'invalid') {
      sendMessage(client, { type: 'error', code: request.code, message: request.message });
      return;
    }
    const reply = (await byAction.get(request.action)?.(request)) as ServerMessage | undefined;
    if (reply) sendMessage(client, reply);
  }
}
