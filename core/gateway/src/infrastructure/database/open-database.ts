/**
 * Opens the database: a SQLite file in the data dir by default, MySQL/MariaDB when DATABASE_URL says
 * so. Runs pending migrations and defines the models bound to this database (its own set: two opened
 * databases in one process never share a model class).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import { migrate } from './migrate.ts';
import { configureSqliteConnections } from './sqlite-connections.ts';
import { defineModels, type DatabaseModels } from './models/define-models.ts';

export interface Database {
  sequelize: Sequelize;
  models: DatabaseModels;
  dialect: 'sqlite' | 'mysql';
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openDatabase(options: { databaseUrl: string | undefined; dataDir: string }): Promise<Database> {
  const sequelize = await connect(options);
  await migrate(sequelize);
  const models = defineModels(sequelize);
  const dialect = sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mysql';
  return {
    sequelize,
    models,
    dialect,
    async ping() {
      try {
        await sequelize.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => sequelize.close(),
  };
}

/** The usage rollups' file beside the database file: `conduit.sqlite` -> `conduit.rollups.sqlite`. */
export function rollupFileOf(file: string): string {
  const extension = path.extname(file);
  return `${file.slice(0, file.length - extension.length)}.rollups${extension || '.sqlite'}`;
}

async function connect(options: { databaseUrl: string | undefined; dataDir: string }): Promise<Sequelize> {
  const url = options.databaseUrl;
  if (!url || url.startsWith('sqlite:')) {
    const file = url ? url.replace(/^sqlite:(\/\/)?/, '') : path.join(options.dataDir, 'conduit.sqlite');
    await mkdir(path.dirname(file), { recursive: true });
    const sequelize = new Sequelize({ dialect: 'sqlite', storage: file, logging: false, pool: { max: 1, min: 0 } });
    configureSqliteConnections(sequelize, { rollups: rollupFileOf(file) });
    // WAL lets readers (GraphQL) proceed while the batched writer writes, and the rollups' folder fold.
    await sequelize.query('PRAGMA journal_mode = WAL');
    await sequelize.query('PRAGMA rollups.journal_mode = WAL');
    await sequelize.query('PRAGMA foreign_keys = ON');
    return sequelize;
  }
  const mysqlUrl = url.replace(/^mariadb:/, 'mysql:');
  const sequelize = new Sequelize(mysqlUrl, {
    dialect: 'mysql',
    logging: false,
    timezone: '+00:00',
    pool: { max: 10, min: 0, idle: 10_000 },
    // utf8mb4 on the wire too (mysql2's default today, stated so that it stays): text outside the BMP survives.
    dialectOptions: { connectTimeout: 10_000, charset: 'UTF8MB4_UNICODE_520_CI' },
  });
  await sequelize.authenticate();
  return sequelize;
}
