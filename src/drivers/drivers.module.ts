import { Module } from '@nestjs/common';
import { CallPermission } from './call-permission.js';
import { DriverOptOutsRepository } from './driver-opt-outs.repository.js';
import { DriversController } from './drivers.controller.js';
import { DriversRepository } from './drivers.repository.js';
import { DriversService } from './drivers.service.js';
import { OptOutController } from './opt-out.controller.js';
import { OptOutService } from './opt-out.service.js';

/** Who a driver is, and whether we may call them. */
@Module({
  controllers: [DriversController, OptOutController],
  providers: [
    DriversRepository,
    DriverOptOutsRepository,
    DriversService,
    OptOutService,
    CallPermission,
  ],
  exports: [DriversRepository, DriverOptOutsRepository, CallPermission],
})
export class DriversModule {}
