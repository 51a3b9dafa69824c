import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfigModule } from '../../config/config.module.js';
import { DatabaseModule } from '../../database/database.module.js';
import { EventsModule } from '../../events/events.module.js';
import { AuditModule } from '../../audit/audit.module.js';
import { UserRole } from '../user-role.js';
import { UsersRepository } from '../users.repository.js';
import { UsersService } from '../users.service.js';

@Module({
  imports: [AppConfigModule, EventsModule, DatabaseModule, AuditModule],
  providers: [UsersRepository, UsersService],
})
class CreateUserModule {}

const USAGE =
  'npm run user:create -- --email someone@example.com [--role admin|dispatcher] [--password ...]';

/** `npm run user:create`: adds a built-in user to the configured database. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      role: { type: 'string', default: UserRole.DISPATCHER },
      password: { type: 'string' },
    },
  });
  if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email))
    throw new Error(`An --email is required.\nUsage: ${USAGE}`);
  if (values.role !== UserRole.ADMIN && values.role !== UserRole.DISPATCHER)
    throw new Error('--role must be admin or dispatcher');
  const password = values.password ?? process.env.USER_PASSWORD;
  const app = await NestFactory.createApplicationContext(CreateUserModule, {
    logger: ['error', 'warn'],
  });
  try {
    const { user, generatedPassword } = await app
      .get(UsersService)
      .create(values.email, password, values.role);
    console.log(
      `Created ${user.role} ${user.email}${generatedPassword ? ` with password ${generatedPassword}` : ''}`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
