import type { EntityManager } from 'typeorm';

/**
 * An open database transaction. Services start one with {@link TransactionRunner} and hand it to
 * the repositories that work inside it; only repositories look at the manager.
 */
export class Transaction {
  constructor(readonly manager: EntityManager) {}
}
