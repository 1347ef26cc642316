/**
 * Configuration versions as rows of `global_settings` (`config-version:<entity>`), so every
 * instance sharing the database sees them. A version is a fresh random value rather than a counter:
 * instances only compare versions for equality, and two concurrent bumps then need no transaction.
 */
import { randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import type { ConfigEntity } from '../../ports/event-bus.ts';
import type { ConfigVersions } from '../../ports/config-versions.ts';
import type { DatabaseModels } from './models/define-models.ts';

const prefix = 'config-version:';

export class ConfigVersionsRepository implements ConfigVersions {
  constructor(private readonly models: DatabaseModels) {}

  async bump(entity: ConfigEntity): Promise<string> {
    const version = randomUUID();
    await this.models.GlobalSettingRecord.upsert({ key: `${prefix}${entity}`, value: JSON.stringify(version), updatedAt: new Date() });
    return version;
  }

  async read(): Promise<ReadonlyMap<ConfigEntity, string>> {
    const rows = await this.models.GlobalSettingRecord.findAll({ where: { key: { [Op.startsWith]: prefix } } });
    return new Map(rows.map((row) => [row.key.slice(prefix.length) as ConfigEntity, versionOf(row.value)]));
  }
}

/** A stored version as `bump` returned it: the row holds it as JSON text. */
function versionOf(value: string | null): string {
  if (value === null) return '';
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : value;
  } catch {
    return value;
  }
}
