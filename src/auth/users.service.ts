import { Injectable } from '@nestjs/common';
import { AuthException } from './auth.exception.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password-hasher.js';
import type { User } from './user.entity.js';
import { UserRole } from './user-role.js';
import { UsersRepository } from './users.repository.js';

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  async create(
    email: string,
    password: string,
    role: UserRole = UserRole.DISPATCHER,
  ): Promise<User> {
    const normalized = normalizeEmail(email);
    const user = await this.users.insert({
      email: normalized,
      passwordHash: await hashPassword(password),
      role,
    });
    if (!user) throw new AuthException('USER_EXISTS', `User ${normalized} already exists`);
    return user;
  }

  /** The user whose password matches; the same answer, at the same cost, for an unknown email. */
  async authenticate(email: string, password: string): Promise<User> {
    const user = await this.users.findByEmail(normalizeEmail(email));
    const matches = user
      ? await verifyPassword(password, user.passwordHash)
      : await verifyPassword(password, await DUMMY_HASH_PROMISE).then(() => false);
    if (!user || !matches)
      throw new AuthException('INVALID_CREDENTIALS', 'Invalid email or password');
    return user;
  }

  count(): Promise<number> {
    return this.users.count();
  }
}
