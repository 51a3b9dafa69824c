import { MigrationInterface, QueryRunner } from 'typeorm';
import { rollupBackfill } from '../src/analytics/analytics-rollups.sql.js';

/**
 * What keeps the dispatcher's screens fast at a fleet's size (a year: ~1M calls, 3M items).
 *
 * Follow-up queue: each item's `queue_since` (when it started to need a dispatcher) is kept by
 * triggers, so the queue is read newest first from an index instead of computed for every open
 * item; `person_needed` marks the calls that may be call-level entries (a failed transfer, or a
 * dispatcher asked for) and is cleared once a later call with the driver completes. The queue's
 * query still checks every condition; these only let it find its rows.
 *
 * Summary: per UTC day rollups of calls, items and minutes to commitment (10-second buckets
 * under an hour), written by triggers as signed deltas (+1 for the new row, -1 for the old), so
 * writers never wait on each other; a job folds each day's deltas into one row.
 */
export class FleetScale1796700000000 implements MigrationInterface {
  name = 'FleetScale1796700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.followUpQueue(queryRunner);
    await this.rollups(queryRunner);
    await queryRunner.query(
      `CREATE INDEX "IX_drivers_name_id" ON "drivers" ("driver_name", "driver_id")`,
    );
  }

  private async followUpQueue(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "call_items" ADD "queue_since" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "calls" ADD "person_needed" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`
      CREATE FUNCTION follow_up_item_since(p_outcome text, p_eta int, p_updated_at timestamptz,
          p_call_back_at timestamptz, p_end timestamptz, p_start timestamptz,
          p_needs_dispatcher boolean) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE
          WHEN p_call_back_at IS NOT NULL THEN coalesce(p_end, p_start)
          WHEN p_outcome = 'will_fix' THEN p_updated_at + make_interval(mins => p_eta)
          WHEN p_outcome IS NOT NULL AND NOT coalesce(p_needs_dispatcher, false) THEN p_updated_at
          ELSE coalesce(p_end, p_start)
        END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION call_items_queue_since() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT follow_up_item_since(NEW.outcome, NEW.eta_minutes, NEW.updated_at, c.call_back_at,
                                    c.call_end_time, c.call_start_time, c.needs_dispatcher)
          INTO NEW.queue_since FROM calls c WHERE c.id = NEW.call_id;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER call_items_queue_since
      BEFORE INSERT OR UPDATE OF outcome, eta_minutes, updated_at, call_id ON call_items
      FOR EACH ROW EXECUTE FUNCTION call_items_queue_since()`);
    await queryRunner.query(`
      CREATE FUNCTION calls_items_queue_since() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE call_items SET queue_since = follow_up_item_since(outcome, eta_minutes, updated_at,
            NEW.call_back_at, NEW.call_end_time, NEW.call_start_time, NEW.needs_dispatcher)
         WHERE call_id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER calls_items_queue_since
      AFTER UPDATE OF call_back_at, call_end_time, call_start_time, needs_dispatcher ON calls
      FOR EACH ROW WHEN (OLD.call_back_at IS DISTINCT FROM NEW.call_back_at
        OR OLD.call_end_time IS DISTINCT FROM NEW.call_end_time
        OR OLD.call_start_time IS DISTINCT FROM NEW.call_start_time
        OR OLD.needs_dispatcher IS DISTINCT FROM NEW.needs_dispatcher)
      EXECUTE FUNCTION calls_items_queue_since()`);
    await queryRunner.query(`
      CREATE FUNCTION calls_person_needed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.person_needed := coalesce(NEW.transfer_succeeded = false OR NEW.needs_dispatcher, false)
          AND NEW.status <> 'IN_PROGRESS' AND NEW.driver_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM calls later
                           WHERE later.driver_id = NEW.driver_id AND later.status = 'COMPLETED'
                             AND later.call_start_time > NEW.call_start_time);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER calls_person_needed
      BEFORE INSERT OR UPDATE OF transfer_succeeded, needs_dispatcher, status, driver_id,
        call_start_time ON calls
      FOR EACH ROW EXECUTE FUNCTION calls_person_needed()`);
    await queryRunner.query(`
      CREATE FUNCTION calls_clear_person_needed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE calls SET person_needed = false
         WHERE driver_id = NEW.driver_id AND person_needed
           AND call_start_time < NEW.call_start_time;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER calls_clear_person_needed_insert AFTER INSERT ON calls
      FOR EACH ROW WHEN (NEW.status = 'COMPLETED' AND NEW.driver_id IS NOT NULL)
      EXECUTE FUNCTION calls_clear_person_needed()`);
    await queryRunner.query(`
      CREATE TRIGGER calls_clear_person_needed_update AFTER UPDATE OF status ON calls
      FOR EACH ROW WHEN (NEW.status = 'COMPLETED' AND OLD.status <> 'COMPLETED'
        AND NEW.driver_id IS NOT NULL)
      EXECUTE FUNCTION calls_clear_person_needed()`);
    await queryRunner.query(`
      UPDATE call_items i SET queue_since = follow_up_item_since(i.outcome, i.eta_minutes,
          i.updated_at, c.call_back_at, c.call_end_time, c.call_start_time, c.needs_dispatcher)
        FROM calls c WHERE c.id = i.call_id`);
    await queryRunner.query(
      `UPDATE calls SET status = status WHERE transfer_succeeded = false OR needs_dispatcher`,
    );
    await queryRunner.query(`DROP INDEX "public"."IX_calls_need_a_person"`);
    await queryRunner.query(
      `CREATE INDEX "IX_calls_person_needed" ON "calls" ("driver_id") WHERE person_needed`,
    );
    await queryRunner.query(`
      CREATE INDEX "IX_call_items_queue" ON "call_items" ("queue_since", "id")
      WHERE superseded_by_call_id IS NULL AND (outcome IS NULL OR outcome NOT IN ('resolved', 'acknowledged'))`);
  }

  private async rollups(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE analytics_call_days (
        day date NOT NULL, status call_status NOT NULL, calls int NOT NULL, outbound int NOT NULL,
        answered int NOT NULL, inbound int NOT NULL, cost numeric, costed int NOT NULL,
        connected int NOT NULL, transfers int NOT NULL, transfers_succeeded int NOT NULL)`);
    await queryRunner.query(`
      CREATE TABLE analytics_item_days (
        day date NOT NULL, outcome varchar(16) NOT NULL, type varchar(16) NOT NULL,
        items int NOT NULL)`);
    await queryRunner.query(`
      CREATE TABLE analytics_commitment_days (day date NOT NULL, bucket int NOT NULL, items int NOT NULL)`);
    for (const table of ['analytics_call_days', 'analytics_item_days', 'analytics_commitment_days'])
      await queryRunner.query(`CREATE INDEX "IX_${table}" ON ${table} (day)`);
    await queryRunner.query(`
      CREATE FUNCTION analytics_commitment_bucket(seconds float8) RETURNS int
      LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE
          WHEN seconds < 3600 THEN greatest(0, floor(seconds / 10))::int
          WHEN seconds < 86400 THEN 360 + floor((seconds - 3600) / 60)::int
          ELSE 1740 + least(floor((seconds - 86400) / 3600), 100000)::int
        END
      $$`);
    // One call's (one item's) contribution to the rollups, signed: the triggers insert them,
    // a backfill sums them.
    await queryRunner.query(`
      CREATE FUNCTION analytics_call_row(c calls, s int) RETURNS analytics_call_days
      LANGUAGE sql STABLE AS $$
        SELECT (c.call_start_time AT TIME ZONE 'UTC')::date, c.status, s,
               s * (c.direction = 'outbound')::int,
               s * coalesce(c.direction = 'outbound' AND c.call_duration_seconds > 0, false)::int,
               s * (c.direction = 'inbound')::int, s * c.cost::numeric,
               s * (c.cost IS NOT NULL)::int, s * coalesce(c.call_duration_seconds > 0, false)::int,
               s * (c.transfer_at IS NOT NULL)::int, s * coalesce(c.transfer_succeeded, false)::int
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION analytics_item_row(i call_items, p_start timestamptz, s int)
      RETURNS analytics_item_days LANGUAGE sql STABLE AS $$
        SELECT (p_start AT TIME ZONE 'UTC')::date, coalesce(i.outcome, 'unknown')::varchar(16),
               i.type, s
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION analytics_commitment_rows(i call_items, p_start timestamptz, s int)
      RETURNS SETOF analytics_commitment_days LANGUAGE sql STABLE AS $$
        SELECT (p_start AT TIME ZONE 'UTC')::date,
               analytics_commitment_bucket(extract(epoch FROM i.updated_at - p_start)), s
         WHERE i.outcome IN ('resolved', 'will_fix', 'acknowledged')
           AND i.source IN ('live', 'post_call')
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION analytics_call_delta(c calls, s int) RETURNS void LANGUAGE sql AS $$
        INSERT INTO analytics_call_days SELECT * FROM analytics_call_row(c, s)
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION analytics_item_delta(i call_items, p_start timestamptz, s int) RETURNS void
      LANGUAGE sql AS $$
        INSERT INTO analytics_item_days SELECT * FROM analytics_item_row(i, p_start, s);
        INSERT INTO analytics_commitment_days SELECT * FROM analytics_commitment_rows(i, p_start, s);
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION analytics_call_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM analytics_call_delta(OLD, -1); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM analytics_call_delta(NEW, 1); END IF;
        -- Items count on their call's day, and their minutes run from its start.
        IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.call_start_time <> NEW.call_start_time) THEN
          PERFORM analytics_item_delta(i, OLD.call_start_time, -1) FROM call_items i WHERE i.call_id = OLD.id;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.call_start_time <> NEW.call_start_time THEN
          PERFORM analytics_item_delta(i, NEW.call_start_time, 1) FROM call_items i WHERE i.call_id = NEW.id;
        END IF;
        -- Run before a delete: returning the row lets the delete go on.
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER analytics_call_insert AFTER INSERT ON calls
      FOR EACH ROW EXECUTE FUNCTION analytics_call_change()`);
    // Before the delete: the call's items are still there to be taken off.
    await queryRunner.query(`
      CREATE TRIGGER analytics_call_delete BEFORE DELETE ON calls
      FOR EACH ROW EXECUTE FUNCTION analytics_call_change()`);
    await queryRunner.query(`
      CREATE TRIGGER analytics_call_update
      AFTER UPDATE OF status, call_start_time, direction, call_duration_seconds, cost, transfer_at,
        transfer_succeeded ON calls
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
        OR OLD.call_start_time IS DISTINCT FROM NEW.call_start_time
        OR OLD.direction IS DISTINCT FROM NEW.direction
        OR OLD.call_duration_seconds IS DISTINCT FROM NEW.call_duration_seconds
        OR OLD.cost IS DISTINCT FROM NEW.cost OR OLD.transfer_at IS DISTINCT FROM NEW.transfer_at
        OR OLD.transfer_succeeded IS DISTINCT FROM NEW.transfer_succeeded)
      EXECUTE FUNCTION analytics_call_change()`);
    await queryRunner.query(`
      CREATE FUNCTION analytics_item_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE v_start timestamptz;
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          -- Gone with its call (a cascade): the call's delete took its items off already.
          SELECT call_start_time INTO v_start FROM calls WHERE id = OLD.call_id;
          IF FOUND THEN PERFORM analytics_item_delta(OLD, v_start, -1); END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
          SELECT call_start_time INTO v_start FROM calls WHERE id = NEW.call_id;
          PERFORM analytics_item_delta(NEW, v_start, 1);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER analytics_item_insert_delete AFTER INSERT OR DELETE ON call_items
      FOR EACH ROW EXECUTE FUNCTION analytics_item_change()`);
    await queryRunner.query(`
      CREATE TRIGGER analytics_item_update AFTER UPDATE OF outcome, type, source, updated_at, call_id
      ON call_items
      FOR EACH ROW WHEN (OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.type <> NEW.type
        OR OLD.source IS DISTINCT FROM NEW.source OR OLD.updated_at IS DISTINCT FROM NEW.updated_at
        OR OLD.call_id <> NEW.call_id)
      EXECUTE FUNCTION analytics_item_change()`);
    // What is already there: one row per day and key.
    for (const statement of rollupBackfill('TRUE')) await queryRunner.query(statement);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const trigger of [
      'analytics_item_update ON call_items',
      'analytics_item_insert_delete ON call_items',
      'analytics_call_update ON calls',
      'analytics_call_delete ON calls',
      'analytics_call_insert ON calls',
      'calls_clear_person_needed_update ON calls',
      'calls_clear_person_needed_insert ON calls',
      'calls_person_needed ON calls',
      'calls_items_queue_since ON calls',
      'call_items_queue_since ON call_items',
    ])
      await queryRunner.query(`DROP TRIGGER ${trigger}`);
    for (const fn of [
      'analytics_item_change()',
      'analytics_call_change()',
      'analytics_item_delta(call_items, timestamptz, int)',
      'analytics_call_delta(calls, int)',
      'analytics_commitment_rows(call_items, timestamptz, int)',
      'analytics_item_row(call_items, timestamptz, int)',
      'analytics_call_row(calls, int)',
      'analytics_commitment_bucket(float8)',
      'calls_clear_person_needed()',
      'calls_person_needed()',
      'calls_items_queue_since()',
      'call_items_queue_since()',
      'follow_up_item_since(text, int, timestamptz, timestamptz, timestamptz, timestamptz, boolean)',
    ])
      await queryRunner.query(`DROP FUNCTION ${fn}`);
    await queryRunner.query(
      `DROP TABLE analytics_commitment_days, analytics_item_days, analytics_call_days`,
    );
    await queryRunner.query(`DROP INDEX "public"."IX_drivers_name_id"`);
    await queryRunner.query(`DROP INDEX "public"."IX_call_items_queue"`);
    await queryRunner.query(`DROP INDEX "public"."IX_calls_person_needed"`);
    await queryRunner.query(`
      CREATE INDEX "IX_calls_need_a_person" ON "calls" ("driver_id")
      WHERE transfer_succeeded = false OR needs_dispatcher`);
    await queryRunner.query(`ALTER TABLE "calls" DROP COLUMN "person_needed"`);
    await queryRunner.query(`ALTER TABLE "call_items" DROP COLUMN "queue_since"`);
  }
}
