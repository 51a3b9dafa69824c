import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { AppConfig } from '../config/app-config.js';
import { ElevenLabsModule } from '../elevenlabs/elevenlabs.module.js';
import { LocalRecordingStore } from './local-recording-store.js';
import { RecordingFetcher } from './recording-fetcher.js';
import { RecordingLinks } from './recording-links.js';
import { RecordingStore } from './recording-store.js';
import { RecordingsController } from './recordings.controller.js';
import { RecordingsRepository } from './recordings.repository.js';
import { RecordingsService } from './recordings.service.js';

/** Our own copies of call recordings: fetched after each call, served with ranges, retained. */
@Module({
  imports: [CallsModule, ElevenLabsModule],
  controllers: [RecordingsController],
  providers: [
    {
      provide: RecordingStore,
      // The AWS SDK loads only when a bucket is configured (about 0.25 s of every start).
      useFactory: async (config: AppConfig) =>
        config.recordings.s3
          ? new (await import('./s3-recording-store.js')).S3RecordingStore(config.recordings.s3)
          : new LocalRecordingStore(config.recordings.dir),
      inject: [AppConfig],
    },
    RecordingsRepository,
    RecordingLinks,
    RecordingFetcher,
    RecordingsService,
  ],
  exports: [RecordingFetcher, RecordingStore],
})
export class RecordingsModule {}
