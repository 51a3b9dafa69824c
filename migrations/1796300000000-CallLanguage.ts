import { MigrationInterface, QueryRunner } from 'typeorm';

/** The language each call is made in, and who set a driver's language (a person wins). */
export class CallLanguage1796300000000 implements MigrationInterface {
  name = 'CallLanguage1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "calls" ADD "language" character varying(8) NOT NULL DEFAULT 'en'
        `);
    await queryRunner.query(`
            ALTER TABLE "drivers" ADD "language_source" character varying(16)
        `);
    // Until now only PATCH /drivers/{id} set a language: a person did.
    await queryRunner.query(`
            UPDATE "drivers" SET "language_source" = 'dispatcher' WHERE "language" IS NOT NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "drivers" DROP COLUMN "language_source"`);
    await queryRunner.query(`ALTER TABLE "calls" DROP COLUMN "language"`);
  }
}
