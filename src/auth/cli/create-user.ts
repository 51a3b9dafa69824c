import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfigModule } from '../../config/config.module.js';
import { DATABASE_CLI_SCOPE } from '../../config/validate-environment.js';
import { DatabaseModule } from '../../database/database.module.js';
import { EventsModule } from '../../events/events.module.js';
import { AuditModule } from '../../audit/audit.module.js';
import { PasswordHasher } from '../password-hasher.js';
import { UserRole } from '../user-role.js';
import { UsersRepository } from '../users.repository.js';
import { UsersService } from '../users.service.js';
import { readPasswordFromStdin } from './password-input.js';

@Module({
  imports: [
    AppConfigModule.forScope(DATABASE_CLI_SCOPE),
    EventsModule,
    DatabaseModule,
    AuditModule,
  ],
  providers: [UsersRepository, UsersService, PasswordHasher],
})
class CreateUserModule {}

const USAGE =
  'npm run user:create -- --email someone@example.com [--role admin|dispatcher] [--password-stdin]\n' +
  'The password comes from standard input (--password-stdin) or USER_PASSWORD; without either one is generated and printed once.';

/** `npm run user:create`: adds a built-in user to the configured database. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      role: { type: 'string', default: UserRole.DISPATCHER },
      'password-stdin': { type: 'boolean', default: false },
      // Refused: a password on the command line is seen by every user of the machine (ps) and
      // kept in the shell's history.
      password: { type: 'string' },
    },
  });
  if (values.password !== undefined)
    throw new Error(
      `--password is not accepted: a command line is visible to other users and kept in shell history.\nUsage: ${USAGE}`,
    );
  if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email))
    throw new Error(`An --email is required.\nUsage: ${USAGE}`);
  if (values.role !== UserRole.ADMIN && values.role !== UserRole.DISPATCHER)
    throw new Error('--role must be admin or dispatcher');
  const password = values['password-stdin']
    ? await readPasswordFromStdin()
    : process.env.USER_PASSWORD || undefined;
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
