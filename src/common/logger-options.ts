import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger as Pino } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import pretty from 'pino-pretty';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** JSON lines for log collectors; human-readable lines when a person watches a terminal. */
export function createRootLogger(level: string, humanReadable = process.stdout.isTTY): Pino {
  const destination = humanReadable
    ? pretty({ colorize: true, sync: true, ignore: 'pid,hostname,service' })
    : undefined;
  return pino(
    {
      level,
      base: { service: 'dispatch-voice' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["elevenlabs-signature"]',
          'req.headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** The request id middleware alone, when access logs are off (LOG_LEVEL above info). */
export function requestIdOnly(
  request: IncomingMessage,
  response: ServerResponse,
  next: () => void,
): void {
  const given = request.headers['x-request-id'];
  response.setHeader(
    'x-request-id',
    typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID(),
  );
  next();
}

/**
 * Access log with a request id (the caller's `x-request-id` when sane, else a new one, echoed
 * back). Headers, bodies and query strings are never logged: the WebSocket token travels in one.
 */
export function createHttpLogger(logger: Pino): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const given = request.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      response.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        path: request.url.split('?')[0],
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      // pino-http invents an Error for every 5xx; the exception filter logs the real one.
      err: (error: { message?: string }) => ({ message: error.message }),
    },
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (request) => request.url === '/health' },
  });
}

/** Nest's own log lines (bootstrap, modules, `new Logger(...)`) as JSON through the same pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Pino) {}

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace',
    message: unknown,
    context: unknown[],
  ): void {
    const last = context.at(-1);
    const name = typeof last === 'string' ? last : undefined;
    if (message && typeof message === 'object')
      this.logger[level]({ context: name, ...(message as object) });
    else this.logger[level]({ context: name }, String(message));
  }

  log(message: unknown, ...context: unknown[]): void {
    this.write('info', message, context);
  }
  error(message: unknown, ...context: unknown[]): void {
    this.write('error', message, context);
  }
  warn(message: unknown, ...context: unknown[]): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, ...context: unknown[]): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, ...context: unknown[]): void {
    this.write('trace', message, context);
  }
}
