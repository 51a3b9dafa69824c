import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { isUniqueViolation } from '../database/sql.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password-hasher.js';
import { User } from './user.entity.js';
import { UserRole } from './user-role.js';

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async create(
    email: string,
    password: string,
    role: UserRole = UserRole.DISPATCHER,
  ): Promise<User> {
    const user = this.users.create({
      email: email.trim().toLowerCase(),
      passwordHash: await hashPassword(password),
      role,
    });
    try {
      return await this.users.save(user);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictException({ detail: `User ${user.email} already exists` });
      throw error;
    }
  }

  /** The user when the password matches, null otherwise (same cost either way). */
  async authenticate(email: string, password: string): Promise<User | null> {
    const user = await this.users.findOne({ where: { email: email.trim().toLowerCase() } });
    if (!user) {
      await verifyPassword(password, await DUMMY_HASH_PROMISE);
      return null;
    }
    return (await verifyPassword(password, user.passwordHash)) ? user : null;
  }

  count(): Promise<number> {
    return this.users.count();
  }
}
