import { Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { maskPhone, toE164 } from '../drivers/phone-number.js';
import { AuthException } from './auth.exception.js';
import type { DutyChangeDto } from './dto/duty.dto.js';
import type { User } from './user.entity.js';
import { onDutyUntil } from './user-view.js';
import { UsersRepository, userIdOf } from './users.repository.js';

export type DutyChange = Pick<DutyChangeDto, 'phone_number' | 'on_duty' | 'languages'>;

export const hasDutyChange = (change: DutyChange) =>
  change.phone_number !== undefined ||
  change.on_duty !== undefined ||
  change.languages !== undefined;

/**
 * Who takes transferred calls: a user's phone, whether they are on duty (for ON_DUTY_HOURS from
 * when they said so) and their languages. Set by each user for themselves, or by an admin.
 */
@Injectable()
export class DutyService {
  constructor(
    private readonly users: UsersRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
  ) {}

  /** The signed-in user's own id; tokens minted by another service have no duty here. */
  me(actor: Actor): number {
    const id = actor.id === null ? null : userIdOf(actor.id);
    if (id === null)
      throw new AuthException(
        'NOT_A_BUILT_IN_USER',
        'Your token was minted by another service: only built-in users take transferred calls',
      );
    return id;
  }

  async change(id: number, change: DutyChange, actor: Actor): Promise<User> {
    if (!hasDutyChange(change))
      throw new AuthException('NOTHING_TO_CHANGE', 'Give phone_number, on_duty or languages');
    const phoneNumber =
      change.phone_number === undefined || change.phone_number === null
        ? change.phone_number
        : toE164(change.phone_number);
    if (phoneNumber === null && change.phone_number)
      throw new AuthException(
        'INVALID_PHONE_NUMBER',
        'phone_number must be a valid phone number (E.164, or a US number)',
      );
    return this.transactions.run(async (tx) => {
      const before = await this.users.lockById(tx, id);
      if (!before) throw new AuthException('USER_NOT_FOUND', `User ${id} not found`);
      const phone = phoneNumber === undefined ? before.phoneNumber : phoneNumber;
      if (change.on_duty === true && !phone)
        throw new AuthException(
          'NO_PHONE_FOR_DUTY',
          'Give a phone_number to go on duty: transferred calls ring it',
        );
      // Without a phone nobody can be put through: being on duty ends with it.
      const onDutySince =
        change.on_duty !== undefined
          ? change.on_duty
            ? new Date()
            : null
          : phone
            ? before.onDutySince
            : null;
      const after = await this.users.update(tx, id, {
        phoneNumber: phone,
        onDutySince,
        ...(change.languages ? { languages: change.languages } : {}),
      });
      await this.audit.record(
        actor,
        {
          action: 'user.duty_changed',
          target: `user:${id}`,
          detail: { before: this.summary(before), after: this.summary(after) },
        },
        tx,
      );
      return after;
    });
  }

  private summary(user: User) {
    return {
      phone: user.phoneNumber ? maskPhone(user.phoneNumber) : null,
      on_duty: onDutyUntil(user, this.config.duty.hours) !== null,
      languages: user.languages,
    };
  }
}
