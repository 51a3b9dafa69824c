import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { loadDotEnv } from '../config/dotenv.js';
import { DATABASE_CLI_SCOPE, validateEnvironment } from '../config/validate-environment.js';
import { buildDataSourceOptions } from './data-source-options.js';

loadDotEnv();

/** The DataSource the TypeORM CLI uses (`npm run migration:*`), from the same environment. */
export default new DataSource(
  buildDataSourceOptions(
    new AppConfig(validateEnvironment(process.env, DATABASE_CLI_SCOPE)).database,
  ),
);
