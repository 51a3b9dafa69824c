import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { isUniqueViolation } from '../database/sql.js';
import type { Transaction } from '../database/transaction.js';
import { User } from './user.entity.js';
import { UserRole } from './user-role.js';

/** Our user ids are positive integers; any other token subject is another service's. */
export function userIdOf(sub: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(sub)) return null;
  const id = Number(sub);
  return id <= 2_147_483_647 ? id : null;
}

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repository(tx?: Transaction) {
    return (tx?.manager ?? this.dataSource.manager).getRepository(User);
  }

  /** The new user, or null when the email is taken (decided by the unique index). */
  async insert(
    user: Pick<User, 'email' | 'passwordHash' | 'role'>,
    tx?: Transaction,
  ): Promise<User | null> {
    const users = this.repository(tx);
    try {
      return await users.save(users.create(user));
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  findByEmail(email: string): Promise<User | null> {
    return this.repository().findOne({ where: { email } });
  }

  findById(id: number): Promise<User | null> {
    return this.repository().findOneBy({ id });
  }

  findByIds(ids: number[]): Promise<User[]> {
    return this.repository().findBy({ id: In(ids) });
  }

  /** The user, locked until the transaction ends. */
  lockById(tx: Transaction, id: number): Promise<User | null> {
    return this.repository(tx)
      .createQueryBuilder('user')
      .setLock('pessimistic_write')
      .where('user.id = :id', { id })
      .getOne();
  }

  list(): Promise<User[]> {
    return this.repository().find({ order: { email: 'ASC' } });
  }

  async update(
    tx: Transaction,
    id: number,
    changes: Partial<
      Pick<
        User,
        | 'role'
        | 'disabled'
        | 'passwordHash'
        | 'tokensValidAfter'
        | 'phoneNumber'
        | 'onDutySince'
        | 'languages'
      >
    >,
  ): Promise<User> {
    await this.repository(tx).update({ id }, changes);
    return this.repository(tx).findOneByOrFail({ id });
  }

  countEnabledAdmins(tx: Transaction): Promise<number> {
    return this.repository(tx).countBy({ role: UserRole.ADMIN, disabled: false });
  }

  count(): Promise<number> {
    return this.repository().count();
  }
}
