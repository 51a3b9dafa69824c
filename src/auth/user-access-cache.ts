import { Injectable } from '@nestjs/common';
import type { User } from './user.entity.js';

/**
 * How long a user's access (enabled, role, last revocation) is trusted without asking the
 * database: the bound on a change reaching an instance that missed its event (Redis down).
 */
export const ACCESS_CACHE_MS = 5000;

/**
 * Built-in users as the database last said, so a signed-in user's request costs no lookup of
 * its own. Every change to a user's access (disabling, a password change, a role change) is a
 * USER_ACCESS_REVOKED event, which every instance receives through the event relay and which
 * drops the entry at once; an entry also lapses after ACCESS_CACHE_MS, the fallback when the
 * event cannot arrive. A load that started before a drop is not stored (it may predate it).
 */
@Injectable()
export class UserAccessCache {
  private readonly entries = new Map<number, { user: User; until: number }>();
  /** Bumped on every drop: a load that began under an older generation is stale. */
  private readonly generations = new Map<number, number>();

  async get(id: number, load: () => Promise<User | null>, now = Date.now()): Promise<User | null> {
    const cached = this.entries.get(id);
    if (cached && cached.until > now) return cached.user;
    const generation = this.generations.get(id) ?? 0;
    const user = await load();
    if (user && (this.generations.get(id) ?? 0) === generation)
      this.entries.set(id, { user, until: Date.now() + ACCESS_CACHE_MS });
    else this.entries.delete(id);
    return user;
  }

  /** The user's access changed (here or on another instance): ask the database next time. */
  forget(id: number): void {
    this.entries.delete(id);
    this.generations.set(id, (this.generations.get(id) ?? 0) + 1);
  }
}
