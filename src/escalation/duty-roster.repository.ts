import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { User } from '../auth/user.entity.js';
import type { Transaction } from '../database/transaction.js';

/** Who is on duty: enabled, with a phone, on duty since less than `dutyHours` ago. */
const ON_DUTY = `NOT u.disabled AND u.phone_number IS NOT NULL
  AND u.on_duty_since > now() - make_interval(hours => :dutyHours)`;

/** Every query about who takes transferred calls. */
@Injectable()
export class DutyRosterRepository {
  constructor(private readonly dataSource: DataSource) {}

  private users(tx?: Transaction) {
    return (tx?.manager ?? this.dataSource.manager).getRepository(User).createQueryBuilder('u');
  }

  /** The user's phone when they are on duty; null otherwise. */
  async onDutyPhoneOf(userId: number, dutyHours: number): Promise<string | null> {
    const user = await this.users()
      .where(`u.id = :userId AND ${ON_DUTY}`, { userId, dutyHours })
      .getOne();
    return user?.phoneNumber ?? null;
  }

  /** The on-duty dispatcher speaking `language` who was transferred to least recently. */
  async nextSpeaking(language: string, dutyHours: number): Promise<string | null> {
    const user = await this.users()
      .where(`:language = ANY(u.languages) AND ${ON_DUTY}`, { language, dutyHours })
      .orderBy('u.lastTransferAt', 'ASC', 'NULLS FIRST')
      .addOrderBy('u.onDutySince', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .getOne();
    return user?.phoneNumber ?? null;
  }

  /** A transfer reached `phoneNumber`: its owners go to the back of the line. */
  async transferredTo(tx: Transaction, phoneNumber: string, at: Date): Promise<void> {
    await tx.manager
      .getRepository(User)
      .createQueryBuilder()
      .update()
      .set({ lastTransferAt: at })
      .where('phone_number = :phoneNumber', { phoneNumber })
      .andWhere('(last_transfer_at IS NULL OR last_transfer_at < :at)', { at })
      .execute();
  }
}
