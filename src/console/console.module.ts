import { Module } from '@nestjs/common';
import { ElevenLabsModule } from '../elevenlabs/elevenlabs.module.js';
import { ConsoleController } from './console.controller.js';

/** The dispatch console: static files in public/ (served by app.setup.ts) and its settings. */
@Module({ imports: [ElevenLabsModule], controllers: [ConsoleController] })
export class ConsoleModule {}
