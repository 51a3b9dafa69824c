import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { FeatureException } from './feature.exception.js';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** Connection-level failures: the database is down or restarting, so "try again" is the truth. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P03',
  '08006',
  '08001',
  '08003',
]);

function unavailable(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string }; message?: string };
  const code = candidate.driverError?.code ?? candidate.code;
  if (code && UNAVAILABLE_CODES.has(code)) return true;
  const message = candidate.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    message,
  );
}

export interface DetailResponse {
  status: number;
  detail: string;
  headers?: Record<string, string>;
}

/** Turns anything thrown into the contract's `{"detail": "..."}` with the right status. */
export function toDetail(exception: unknown): DetailResponse {
  if (exception instanceof FeatureException) {
    return { status: exception.status, detail: exception.message, headers: exception.headers };
  }
  // Nest's own (validation pipe, guards, unknown routes) and body-parser errors.
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    if (typeof body === 'string') return { status, detail: body };
    const { detail, message } = body as { detail?: unknown; message?: unknown };
    if (typeof detail === 'string') return { status, detail };
    if (Array.isArray(message)) return { status, detail: message.join('; ') };
    if (typeof message === 'string') return { status, detail: message };
    return { status, detail: STATUS_TEXT[status] ?? exception.message };
  }
  const bodyParserError = exception as {
    status?: number;
    statusCode?: number;
    type?: string;
    expose?: boolean;
    message?: string;
  };
  const parserStatus = bodyParserError.statusCode ?? bodyParserError.status;
  if (
    typeof parserStatus === 'number' &&
    parserStatus >= 400 &&
    parserStatus < 500 &&
    bodyParserError.type
  ) {
    if (bodyParserError.type === 'entity.too.large')
      return { status: 413, detail: 'Request body too large' };
    if (bodyParserError.type === 'entity.parse.failed')
      return { status: 400, detail: 'Malformed JSON in request body' };
    return {
      status: parserStatus,
      detail: bodyParserError.expose ? (bodyParserError.message ?? 'Bad request') : 'Bad request',
    };
  }
  if (
    unavailable(exception) ||
    (exception instanceof QueryFailedError && unavailable(exception.driverError))
  ) {
    return { status: HttpStatus.SERVICE_UNAVAILABLE, detail: 'Database unavailable, please retry' };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, detail: 'Internal server error' };
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    const request = context.getRequest<Request>();
    const { status, detail, headers } = unknownRoute(exception)
      ? {
          status: HttpStatus.NOT_FOUND,
          detail: `No endpoint ${request.method} ${request.path}; the API is described at /docs`,
          headers: undefined,
        }
      : toDetail(exception);
    if (status >= 500) {
      this.logger.error(
        { err: loggable(exception), method: request.method, path: request.path },
        `${request.method} ${request.path} failed: ${detail}`,
      );
    }
    if (response.headersSent) return;
    response
      .status(status)
      .set(headers ?? {})
      .json({ detail });
  }
}

/** Nest's answer for a path no controller serves ("Cannot GET /x"). */
function unknownRoute(exception: unknown): boolean {
  return exception instanceof NotFoundException && /^Cannot [A-Z]+ /.test(exception.message);
}

/**
 * What of an error may be logged: never a failed query's parameters or a driver error's detail,
 * which can hold phone numbers and other personal data.
 */
function loggable(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { message: String(exception) };
  const code =
    (exception as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ??
    (exception as { code?: unknown }).code;
  return { type: exception.name, message: exception.message, code, stack: exception.stack };
}
