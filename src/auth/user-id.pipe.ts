import { type PipeTransform, Injectable } from '@nestjs/common';
import { AuthException } from './auth.exception.js';
import { userIdOf } from './users.repository.js';

/** A user id path parameter: a positive integer our users table can hold, else 400. */
@Injectable()
export class UserIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = userIdOf(value);
    if (id === null) throw new AuthException('INVALID_USER_ID', 'id must be a positive integer');
    return id;
  }
}
