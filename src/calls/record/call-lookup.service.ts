import { Injectable } from '@nestjs/common';
import { CallsException } from '../calls.exception.js';
import { CallsRepository } from './calls.repository.js';
import type { Call } from './call.entity.js';

/** A call by call_sid or conversation_id, for every surface that names one (REST and WebSocket). */
@Injectable()
export class CallLookupService {
  constructor(private readonly calls: CallsRepository) {}

  async get(identifier: string, options: { withDriver?: boolean } = {}): Promise<Call> {
    const call = await this.calls.findByIdentifier(identifier, options);
    if (!call) throw new CallsException('CALL_NOT_FOUND', `Call ${identifier} not found`);
    return call;
  }
}
