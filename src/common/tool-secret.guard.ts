import { timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config.js';
import { featureException } from './feature.exception.js';

export const TOOL_SECRET_HEADER = 'x-tool-secret';

export class ToolSecretException extends featureException({
  INVALID_TOOL_SECRET: HttpStatus.UNAUTHORIZED,
}) {}

/**
 * ElevenLabs' webhook tools and the conversation-initiation webhook send ELEVENLABS_TOOL_SECRET
 * in `x-tool-secret` (agent:sync sets it there).
 */
@Injectable()
export class ToolSecretGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const given = Buffer.from(
      context.switchToHttp().getRequest<Request>().header(TOOL_SECRET_HEADER) ?? '',
    );
    const expected = Buffer.from(this.config.toolSecret.value);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new ToolSecretException(
        'INVALID_TOOL_SECRET',
        `Missing or wrong ${TOOL_SECRET_HEADER}`,
      );
    return true;
  }
}
