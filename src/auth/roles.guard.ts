import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Principal } from './principal.js';
import { REQUIRED_ROLE } from './admin-only.decorator.js';
import type { UserRole } from './user-role.js';

/** Global guard, after {@link JwtAuthGuard}: routes marked {@link AdminOnly} refuse other roles. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const required = this.reflector.getAllAndOverride<UserRole | undefined>(REQUIRED_ROLE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required) return true;
    const principal = context.switchToHttp().getRequest<{ user?: Principal }>().user;
    if (principal?.role === required) return true;
    throw new ForbiddenException({
      detail: `Only ${required}s may do this; you are signed in as a ${principal?.role ?? 'guest'}`,
    });
  }
}
