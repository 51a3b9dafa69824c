import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config.js';
import { validateEnvironment } from './environment.js';
import { PublicUrl } from './public-url.js';

/**
 * Loads `.env` (when present) into the environment, then validates it once, building the typed
 * {@link AppConfig}. A bad variable fails the start with a message naming it.
 */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ cache: true, ignoreEnvFile: process.env.NODE_ENV === 'test' })],
  providers: [
    { provide: AppConfig, useFactory: () => new AppConfig(validateEnvironment(process.env)) },
    PublicUrl,
  ],
  exports: [AppConfig, PublicUrl],
})
export class AppConfigModule {}
