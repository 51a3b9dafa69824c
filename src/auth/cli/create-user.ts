import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigModule } from '../../config/config.module.js';
import { DatabaseModule } from '../../database/database.module.js';
import { User } from '../user.entity.js';
import { UserRole } from '../user-role.js';
import { UsersRepository } from '../users.repository.js';
import { UsersService } from '../users.service.js';

@Module({
  imports: [AppConfigModule, DatabaseModule, TypeOrmModule.forFeature([User])],
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
  const password =
    values.password ?? process.env.USER_PASSWORD ?? randomBytes(12).toString('base64url');
  if (password.length < 8) throw new Error('The password must be at least 8 characters long');
  const app = await NestFactory.createApplicationContext(CreateUserModule, {
    logger: ['error', 'warn'],
  });
  try {
    const user = await app.get(UsersService).create(values.email, password, values.role);
    console.log(
      `Created ${user.role} ${user.email}${values.password || process.env.USER_PASSWORD ? '' : ` with password ${password}`}`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
