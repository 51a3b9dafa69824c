import { Module } from '@nestjs/common';
import { ElevenLabsModule } from '../elevenlabs/elevenlabs.module.js';
import { ConsoleController } from './console.controller.js';
import { SimulatedCallbackController } from './simulated-callback.controller.js';
import { SimulatedCallbackService } from './simulated-callback.service.js';

/** The dispatch console: static files in public/ (served by app.setup.ts), its settings, and its simulator controls. */
@Module({
  imports: [ElevenLabsModule],
  controllers: [ConsoleController, SimulatedCallbackController],
  providers: [SimulatedCallbackService],
})
export class ConsoleModule {}
