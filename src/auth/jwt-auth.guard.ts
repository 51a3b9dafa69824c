import { type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { InvalidTokenError, type Principal } from './principal.js';
import { IS_PUBLIC } from './public.decorator.js';
import { describeJwtError } from './token.service.js';

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<T = Principal>(error: unknown, principal: T | false, info: unknown): T {
    if (principal) return principal;
    // Not a verdict on the token (the database is down, say): the error filter answers it (503).
    if (error && !(error instanceof InvalidTokenError)) throw error;
    const reason =
      error instanceof InvalidTokenError
        ? error.message
        : info instanceof Error
          ? describeJwtError(info)
          : 'Missing bearer token';
    throw new UnauthorizedException({ detail: reason });
  }
}
