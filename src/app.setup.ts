import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { toDetail } from './common/http-exception.filter.js';
import { refuseNulCharacters } from './common/nul-characters.js';
import {
  createHttpLogger,
  createRootLogger,
  PinoNestLogger,
  requestIdOnly,
} from './common/logger-options.js';
import { setupSwagger } from './common/swagger.js';
import { AppConfig } from './config/app-config.js';
import { ContractWsAdapter } from './realtime/contract-ws-adapter.js';
import { SIGNED_WEBHOOK_PATHS, signatureHeaderGate } from './webhooks/signature-header-gate.js';

/** The console's static files: next to src/ when run from source, two levels up from dist/src/. */
export const PUBLIC_DIR =
  [join(import.meta.dirname, '..', 'public'), join(import.meta.dirname, '..', '..', 'public')].find(
    (dir) => existsSync(join(dir, 'index.html')),
  ) ?? join(process.cwd(), 'public');

const resolve = createRequire(import.meta.url).resolve;

/**
 * The browser libraries the console loads, installed from npm and served by us (never a CDN):
 * exactly these files, not their package folders.
 */
export const VENDOR_FILES: Record<string, string> = {
  '/vendor/chart.js/chart.umd.min.js': join(dirname(resolve('chart.js')), 'chart.umd.min.js'),
  '/vendor/papaparse/papaparse.min.js': join(dirname(resolve('papaparse')), 'papaparse.min.js'),
};

/**
 * Everything an app needs beyond its modules: the same for `npm start` and for the tests, so
 * the tests exercise what runs in production.
 */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const config = app.get(AppConfig);
  const logger = createRootLogger(config.logLevel);
  app.useLogger(new PinoNestLogger(logger));
  // Access logs cost a child logger per request; without them only the request id is kept.
  app.use(logger.isLevelEnabled('info') ? createHttpLogger(logger) : requestIdOnly);
  app.disable('x-powered-by');
  // The client address (login throttling, the audit trail) is the proxy's unless it is trusted.
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  // Browser-facing headers; ElevenLabs' webhook calls (most of the traffic) do not need them.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      // 'self' covers the page's own ws:/wss: origin in current browsers (CSP Level 3).
      directives: { 'connect-src': ["'self'"], 'upgrade-insecure-requests': null },
    },
  });
  app.use((request: Request, response: Response, next: NextFunction) =>
    request.path.startsWith('/webhooks/') ? next() : securityHeaders(request, response, next),
  );
  app.enableCors({
    origin: config.corsOrigins?.length ? config.corsOrigins : false,
    credentials: false,
  });
  // Webhooks are signed over their exact bytes, so they stay raw (and may be large: audio).
  // Their signature header is checked first, so a forged request is refused unread.
  app.use(
    SIGNED_WEBHOOK_PATHS,
    signatureHeaderGate,
    express.raw({ type: () => true, limit: config.webhookBodyLimit }),
  );
  // Twilio signs the form fields it sends, so only its callbacks take form bodies.
  app.use('/webhooks/twilio', express.urlencoded({ extended: false, limit: config.bodyLimit }));
  app.use(
    express.json({ limit: config.bodyLimit, type: ['application/json', 'application/*+json'] }),
  );
  app.use(refuseNulCharacters);
  app.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    const { status, detail } = toDetail(error);
    response.status(status).json({ detail });
  });
  app.useStaticAssets(PUBLIC_DIR, { index: 'index.html', maxAge: '5m' });
  for (const [path, file] of Object.entries(VENDOR_FILES))
    app.use(path, (request: Request, response: Response, next: NextFunction) =>
      (request.method === 'GET' || request.method === 'HEAD') && request.path === '/'
        ? response.sendFile(file, { maxAge: '1d' })
        : next(),
    );
  setupSwagger(app);
  app.useWebSocketAdapter(new ContractWsAdapter(app, config.wsLimits));
  app.enableShutdownHooks();
  return app;
}
