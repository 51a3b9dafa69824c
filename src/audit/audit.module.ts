import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { AuditTrail } from './audit-trail.js';

/** The audit trail: any feature records through {@link AuditTrail}; admins read `GET /audit`. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, AuditTrail],
  exports: [AuditTrail],
})
export class AuditModule {}
