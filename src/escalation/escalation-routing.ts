import { Injectable } from '@nestjs/common';
import { userIdOf } from '../auth/users.repository.js';
import { AppConfig } from '../config/app-config.js';
import type { CallLanguage } from '../drivers/call-language.js';
import { DutyRosterRepository } from './duty-roster.repository.js';
import type { TransferRoute } from './transfer-route.js';

/**
 * Who a call is put through to: the user who placed it, when on duty with a phone; else the
 * on-duty dispatcher speaking the call's language who was transferred to least recently; else
 * the team's 24/7 line (ESCALATION_PHONE_NUMBER). Emergencies go to the 24/7 line, or to that
 * same dispatcher when there is none: a person must hear them.
 */
@Injectable()
export class EscalationRouting {
  constructor(
    private readonly roster: DutyRosterRepository,
    private readonly config: AppConfig,
  ) {}

  /** `placedBy`: the token subject of the user who placed the call (null: a campaign, a callback). */
  async route(placedBy: string | null, language: CallLanguage): Promise<TransferRoute> {
    const hours = this.config.duty.hours;
    const placer = placedBy === null ? null : userIdOf(placedBy);
    const line = this.config.escalation.phoneNumber;
    const dispatcher =
      (placer !== null ? await this.roster.onDutyPhoneOf(placer, hours) : null) ??
      (await this.roster.nextSpeaking(language, hours)) ??
      line;
    return { dispatcher, emergency: line ?? dispatcher };
  }

  /** Without the database (a callback answered after an error): the 24/7 line only. */
  fallback(): TransferRoute {
    const line = this.config.escalation.phoneNumber;
    return { dispatcher: line, emergency: line };
  }
}
