import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { EventBus } from '../events/event-bus.js';
import { USER_ACCESS_REVOKED } from '../events/domain-events.js';
import { AdvisoryLockRepository } from '../database/advisory-lock.repository.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { Transaction } from '../database/transaction.js';
import { AuthException } from './auth.exception.js';
import { PasswordHasher } from './password-hasher.js';
import { passwordProblem } from './password-policy.js';
import { revocationInstant } from './token-revocation.js';
import type { User } from './user.entity.js';
import { UserRole } from './user-role.js';
import { UsersRepository } from './users.repository.js';

/** Held while a change could leave the team without an enabled admin. */
const ADMIN_ROSTER_LOCK = 7_150_420_004;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type CredentialCheck =
  | { ok: true; user: User }
  | { ok: false; reason: 'unknown_email' | 'wrong_password' | 'disabled'; user: User | null };

export interface UserChanges {
  role?: UserRole;
  disabled?: boolean;
}

/** Built-in users: who they are, their passwords, their roles, whether they may sign in. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly transactions: TransactionRunner,
    private readonly locks: AdvisoryLockRepository,
    private readonly audit: AuditTrail,
    private readonly events: EventBus,
    private readonly passwords: PasswordHasher,
  ) {}

  /**
   * A new user; without a password one is generated and returned once (never stored in clear).
   * `actor` is who added them (absent from the shell and the local-admin seeder).
   */
  async create(
    email: string,
    password: string | undefined,
    role: UserRole = UserRole.DISPATCHER,
    actor?: Actor,
  ): Promise<{ user: User; generatedPassword?: string }> {
    const normalized = normalizeEmail(email);
    // A JSON null is "not given" too.
    const generatedPassword = password == null ? generatePassword() : undefined;
    const chosen = password ?? generatedPassword!;
    const problem = passwordProblem(chosen, normalized);
    if (problem) throw new AuthException('WEAK_PASSWORD', problem);
    const passwordHash = await this.passwords.hash(chosen);
    const user = await this.transactions.run(async (tx) => {
      const created = await this.users.insert({ email: normalized, passwordHash, role }, tx);
      if (created && actor) {
        await this.audit.record(
          actor,
          { action: 'user.created', target: userTarget(created), detail: { role } },
          tx,
        );
      }
      return created;
    });
    if (!user) throw new AuthException('USER_EXISTS', `User ${normalized} already exists`);
    return { user, generatedPassword };
  }

  list(): Promise<User[]> {
    return this.users.list();
  }

  find(id: number): Promise<User | null> {
    return this.users.findById(id);
  }

  /**
   * Changes a user's role or whether they may sign in. Disabling revokes every token issued to
   * them. Refused when it would leave no enabled admin.
   */
  async update(id: number, changes: UserChanges, actor: Actor): Promise<User> {
    if (changes.role === undefined && changes.disabled === undefined)
      throw new AuthException('NOTHING_TO_CHANGE', 'Give role or disabled (or both)');
    const { before, after } = await this.transactions.run(async (tx) => {
      await this.locks.lockUntilCommit(tx, ADMIN_ROSTER_LOCK);
      const before = await this.users.lockById(tx, id);
      if (!before) throw new AuthException('USER_NOT_FOUND', `User ${id} not found`);
      const role = changes.role ?? before.role;
      const disabled = changes.disabled ?? before.disabled;
      if (role === before.role && disabled === before.disabled) return { before, after: before };
      const after = await this.users.update(tx, id, {
        role,
        disabled,
        ...(disabled && !before.disabled ? { tokensValidAfter: revocationInstant() } : {}),
      });
      if (
        isEnabledAdmin(before) &&
        !isEnabledAdmin(after) &&
        (await this.users.countEnabledAdmins(tx)) === 0
      )
        throw new AuthException(
          'LAST_ADMIN',
          'This would leave no enabled admin; make someone else an admin first',
        );
      await this.recordChanges(tx, actor, before, after);
      return { before, after };
    });
    // Every instance forgets what it knew of the user's access (and closes revoked sockets).
    if (after.disabled !== before.disabled || after.role !== before.role)
      this.events.emit(USER_ACCESS_REVOKED, { sub: String(after.id) });
    return after;
  }

  /** Sets one's own password after checking the current one; every other token is revoked. */
  async changePassword(
    user: User,
    currentPassword: string,
    newPassword: string,
    actor: Actor,
  ): Promise<User> {
    if (!(await this.passwords.verify(currentPassword, user.passwordHash)))
      throw new AuthException('WRONG_CURRENT_PASSWORD', 'current_password is not correct');
    const problem = passwordProblem(newPassword, user.email);
    if (problem) throw new AuthException('WEAK_PASSWORD', problem);
    const passwordHash = await this.passwords.hash(newPassword);
    const changed = await this.transactions.run(async (tx) => {
      const changed = await this.users.update(tx, user.id, {
        passwordHash,
        tokensValidAfter: revocationInstant(),
      });
      await this.audit.record(
        actor,
        { action: 'password.changed', target: userTarget(changed) },
        tx,
      );
      return changed;
    });
    this.events.emit(USER_ACCESS_REVOKED, { sub: String(changed.id) });
    return changed;
  }

  /** Whether the password is the user's; an unknown email costs the same time as a wrong one. */
  async checkCredentials(email: string, password: string): Promise<CredentialCheck> {
    const user = await this.users.findByEmail(normalizeEmail(email));
    const matches = await this.passwords.verify(password, user?.passwordHash);
    if (!user) return { ok: false, reason: 'unknown_email', user: null };
    if (!matches) return { ok: false, reason: 'wrong_password', user };
    if (user.disabled) return { ok: false, reason: 'disabled', user };
    return { ok: true, user: await this.upgradeHash(user, password) };
  }

  /** A hash made at a lower cost is replaced now, while the password is at hand. */
  private async upgradeHash(user: User, password: string): Promise<User> {
    if (!this.passwords.needsRehash(user.passwordHash)) return user;
    const passwordHash = await this.passwords.hash(password);
    return this.transactions.run((tx) => this.users.update(tx, user.id, { passwordHash }));
  }

  count(): Promise<number> {
    return this.users.count();
  }

  private async recordChanges(
    tx: Transaction,
    actor: Actor,
    before: User,
    after: User,
  ): Promise<void> {
    const target = userTarget(after);
    if (before.role !== after.role)
      await this.audit.record(
        actor,
        { action: 'user.role_changed', target, detail: { from: before.role, to: after.role } },
        tx,
      );
    if (before.disabled !== after.disabled)
      await this.audit.record(
        actor,
        { action: after.disabled ? 'user.disabled' : 'user.enabled', target },
        tx,
      );
  }
}

function isEnabledAdmin(user: User): boolean {
  return user.role === UserRole.ADMIN && !user.disabled;
}

export function userTarget(user: Pick<User, 'id' | 'email'>): string {
  return `user:${user.id} (${user.email})`;
}

function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
