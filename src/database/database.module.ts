import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AdvisoryLockRepository } from './advisory-lock.repository.js';
import { buildDataSourceOptions } from './data-source-options.js';
import { DatabaseHealthRepository } from './database-health.repository.js';
import { runMigrations } from './migrate.js';
import { TransactionRunner } from './transaction-runner.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions(config.database),
        // Read by the factory below, which runs them under a lock instead of TypeORM.
        migrationsRun: config.database.runMigrations,
      }),
      dataSourceFactory: async (options) => {
        if (!options) throw new Error('TypeORM options missing');
        const dataSource = await new DataSource({ ...options, migrationsRun: false }).initialize();
        if (options.migrationsRun) await runMigrations(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [TransactionRunner, DatabaseHealthRepository, AdvisoryLockRepository],
  exports: [TransactionRunner, DatabaseHealthRepository, AdvisoryLockRepository],
})
export class DatabaseModule {}
