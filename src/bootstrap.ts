import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { AppConfig } from './config/app-config.js';
import { ConfigurationError } from './config/validate-environment.js';

async function listen(): Promise<void> {
  const app = await createApp();
  const config = app.get(AppConfig);
  const logger = new Logger('Bootstrap');
  if (config.jwt.generated) {
    logger.warn(
      'JWT_SECRET is not set: using a random secret for this process (tokens end with it). Set JWT_SECRET to keep them across restarts.',
    );
  }
  await app.listen(config.port, '0.0.0.0');
  logger.log(
    `Dispatch Voice listening on http://localhost:${config.port} (console /, API docs /docs, database ${config.database.kind}${config.elevenLabs.simulated ? ', ElevenLabs simulator' : ''})`,
  );
}

/** Creates the application and listens; exits with a message if it cannot start. */
export function bootstrap(): void {
  listen().catch((error: unknown) => {
    const message =
      error instanceof ConfigurationError
        ? error.message
        : `Failed to start: ${(error as Error).message}`;
    console.error(message);
    process.exit(1);
  });
}
