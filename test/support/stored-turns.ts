import type { DataSource } from 'typeorm';
import { CallTranscription } from '../../src/calls/transcript/call-transcription.entity.js';
import { Call } from '../../src/calls/record/call.entity.js';

/** A call's stored turns, in sequence order, read from the database. */
export function turnsOf(app: { dataSource: DataSource }, callSid: string) {
  return app.dataSource
    .getRepository(CallTranscription)
    .createQueryBuilder('t')
    .innerJoin(Call, 'c', 'c.id = t.call_id')
    .where('c.call_sid = :callSid', { callSid })
    .orderBy('t.sequence_number')
    .getMany();
}
