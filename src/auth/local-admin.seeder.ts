import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { UserRole } from './user-role.js';
import { UsersService } from './users.service.js';

export const DEFAULT_LOCAL_ADMIN_EMAIL = 'admin@dispatch.local';

/**
 * On a fresh embedded database outside production, creates a local admin so `npm start` is
 * usable at once, and prints how to sign in. Production never gets a default user.
 */
@Injectable()
export class LocalAdminSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('LocalAdmin');

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  /** Settles once the local admin exists (or none was needed). */
  done: Promise<void> = Promise.resolve();

  /**
   * Not awaited: hashing the password (scrypt, about 0.3 s of CPU) would hold up the first
   * start's /health; the notice follows a moment after the service is up.
   */
  onApplicationBootstrap(): void {
    this.done = this.seed().catch((error: Error) =>
      this.logger.error(`Creating the local admin failed: ${error.message}`),
    );
  }

  private async seed(): Promise<void> {
    if (this.config.production || this.config.database.kind !== 'pglite') return;
    if ((await this.users.count()) > 0) return;
    const email = this.config.localAdmin.email ?? DEFAULT_LOCAL_ADMIN_EMAIL;
    const password = this.config.localAdmin.password ?? randomBytes(12).toString('base64url');
    await this.users.create(email, password, UserRole.ADMIN);
    const shown = this.config.localAdmin.password ? '(from LOCAL_ADMIN_PASSWORD)' : password;
    this.logger.warn(
      `Created local admin ${email}; its password is printed once, on standard output`,
    );
    // A plain notice, not a log line: among a hundred JSON log lines (no terminal) it was missed.
    process.stdout.write(
      [
        '',
        '  ----------------------------------------------------------------------',
        `  Created local admin ${email} with password ${shown}`,
        `  Sign in on the console at http://localhost:${this.config.port}/ or POST /auth/login.`,
        '  This is shown once; add users from the console or with npm run user:create.',
        '  ----------------------------------------------------------------------',
        '',
        '',
      ].join('\n'),
    );
  }
}
