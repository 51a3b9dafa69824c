import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { loadDotEnv } from '../../config/dotenv.js';
import { DATABASE_CLI_SCOPE, validateEnvironment } from '../../config/validate-environment.js';
import { buildDataSourceOptions } from '../data-source-options.js';
import { FleetSeedRepository } from '../fleet-seed/fleet-seed.repository.js';
import { runMigrations } from '../migrate.js';

const USAGE =
  'npm run seed:fleet -- [--calls 1000000] [--drivers 10000] [--days 365] [--yes]\n' +
  'Fills the database at DATABASE_URL (else the embedded one) with a fleet: calls, transcripts, ' +
  'items, follow-ups, opt-outs, campaigns and audit entries. A run replaces what an earlier run ' +
  'seeded. --yes: also in production, and beside calls it did not seed.';

function count(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max)
    throw new Error(`--${name} must be a whole number from 1 to ${max}.\nUsage: ${USAGE}`);
  return parsed;
}

/** `npm run seed:fleet`: a year of a fleet, for measuring the screens at a real size. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      calls: { type: 'string' },
      drivers: { type: 'string' },
      days: { type: 'string' },
      yes: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const size = {
    calls: count(values.calls, 'calls', 1_000_000, 99_999_999),
    drivers: count(values.drivers, 'drivers', 10_000, 999_999),
    days: count(values.days, 'days', 365, 3650),
  };
  if (process.env.NODE_ENV === 'production' && !values.yes)
    throw new Error(
      'NODE_ENV is production: seeding would mix made-up calls with real ones. Add --yes if that is what you want.',
    );
  loadDotEnv();
  const config = new AppConfig(validateEnvironment(process.env, DATABASE_CLI_SCOPE));
  const dataSource = await new DataSource(buildDataSourceOptions(config.database)).initialize();
  try {
    await runMigrations(dataSource);
    const seeds = new FleetSeedRepository(dataSource);
    const foreign = await seeds.foreignCalls();
    if (foreign > 0 && !values.yes)
      throw new Error(
        `The database holds ${foreign} call(s) this command did not seed. Add --yes to seed beside them.`,
      );
    const started = performance.now();
    const where = config.database.kind === 'postgres' ? 'PostgreSQL' : config.database.dataDir;
    console.log(
      `Seeding ${size.calls} calls to ${size.drivers} drivers over ${size.days} days into ${where}…`,
    );
    await seeds.seed(size, (done) =>
      console.log(`  ${done} calls (${Math.round((performance.now() - started) / 1000)} s)`),
    );
    console.log(`Seeded in ${Math.round((performance.now() - started) / 1000)} s.`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
