import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config.js';
import { SERVER_SCOPE, validateEnvironment, type ValidationScope } from './validate-environment.js';
import { PublicUrl } from './public-url.js';

/**
 * Loads `.env` (when present) into the environment, then validates it once, building the typed
 * {@link AppConfig}. A bad variable fails the start with a message naming it. The server checks
 * everything; a CLI imports {@link AppConfigModule.forScope} with only what it uses.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forScope(scope: ValidationScope = SERVER_SCOPE): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({ cache: true, ignoreEnvFile: process.env.NODE_ENV === 'test' }),
      ],
      providers: [
        {
          provide: AppConfig,
          useFactory: () => new AppConfig(validateEnvironment(process.env, scope)),
        },
        PublicUrl,
      ],
      exports: [AppConfig, PublicUrl],
    };
  }
}
