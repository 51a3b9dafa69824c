import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Dispatch Voice API')
    .setDescription(
      [
        'Phone truck drivers about violations and reminders through an ElevenLabs voice agent, watch the conversation live and keep every call on record.',
        '',
        'Every route except the ElevenLabs webhooks, `/health` and these docs needs `Authorization: Bearer <JWT>` (HS256). Get one from `POST /auth/login`.',
        'Errors are always `{"detail": "..."}`.',
        '',
        'Live updates: `ws://<host>/ws/calls/transcriptions?token=<JWT>`, then send `{"subscribe": "<call_sid or conversation_id>", "since": <optional last sequence_number>}`.',
      ].join('\n'),
    )
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  // Built on the first request for the docs, not during every start (about 0.1 s).
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: false },
    customSiteTitle: 'Dispatch Voice API',
  });
}
