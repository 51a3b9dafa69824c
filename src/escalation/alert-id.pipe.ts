import { type PipeTransform, Injectable } from '@nestjs/common';
import { EscalationException } from './escalation.exception.js';

/** An alert id path parameter: a positive integer the table can hold, else 400. */
@Injectable()
export class AlertIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = /^[1-9]\d{0,9}$/.test(value) ? Number(value) : NaN;
    if (!(id <= 2_147_483_647))
      throw new EscalationException('INVALID_ALERT_ID', 'id must be a positive integer');
    return id;
  }
}
