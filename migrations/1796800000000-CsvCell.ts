import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `csv_cell(text)`: a value as one CSV cell, written by PostgreSQL so the export streams text
 * instead of building row objects: NULL is empty, text a spreadsheet would run as a formula is
 * defused with `'`, and a cell with a quote, comma, line break or `'` is quoted.
 */
export class CsvCell1796800000000 implements MigrationInterface {
  name = 'CsvCell1796800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE FUNCTION csv_cell(value text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
              SELECT CASE
                WHEN value IS NULL THEN ''
                WHEN value ~ '^[=+@\\t\\r-]' THEN '"''' || replace(value, '"', '""') || '"'
                WHEN value ~ '[",\\r\\n'']' THEN '"' || replace(value, '"', '""') || '"'
                ELSE value
              END
            $$
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION csv_cell(text)`);
  }
}
