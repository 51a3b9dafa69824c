import { Injectable } from '@nestjs/common';
import { cursorPosition, keysetPage } from '../common/keyset-cursor.js';
import type { AuditEntry } from './audit-entry.entity.js';
import { AuditRepository } from './audit.repository.js';
import type { AuditEntryDto, AuditPageDto, AuditQueryDto } from './dto/audit.dto.js';

const DEFAULT_LIMIT = 50;

function view(entry: AuditEntry): AuditEntryDto {
  return {
    at: entry.at.toISOString(),
    actor: entry.actor,
    role: entry.role,
    action: entry.action,
    target: entry.target,
    detail: entry.detail,
    client_ip: entry.clientIp,
  };
}

/** Reads the audit trail, newest first. */
@Injectable()
export class AuditService {
  constructor(private readonly entries: AuditRepository) {}

  async list(query: AuditQueryDto): Promise<AuditPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.entries.list(
      {
        actor: query.actor,
        action: query.action,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      },
      limit + 1,
      cursorPosition(query.cursor),
    );
    const { page, nextCursor } = keysetPage(rows, limit, (row) => ({
      at: row.at,
      id: Number(row.id),
    }));
    return { entries: page.map(view), next_cursor: nextCursor };
  }
}
