import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from '../auth/principal.js';
import { type Actor, actorOf } from './actor.js';

/** The signed-in principal behind the request and its client address, for the audit trail. */
export const RequestActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => {
    const request = context.switchToHttp().getRequest<Request & { user: Principal }>();
    return actorOf(request.user, request.ip ?? null);
  },
);
