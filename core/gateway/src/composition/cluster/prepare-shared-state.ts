/**
 * Work done once before workers start: secrets created and migrations run, so N workers never race
 * to generate a master key or migrate the same database.
 */
import type { GatewayConfig } from '../config/env.ts';
import { readOrCreateSecret } from '../config/data-dir-secret.ts';
import { openDatabase } from '../../infrastructure/database/open-database.ts';
import { masterKeyFile, generateMasterKey } from '../config/master-key.ts';

export async function prepareSharedState(config: GatewayConfig): Promise<{ masterKey: string; masterKeyCreated: boolean }> {
  const master = config.masterKey
    ? { value: config.masterKey, created: false }
    : await readOrCreateSecret(config.dataDir, masterKeyFile, generateMasterKey);
  if (!config.encryptionKey) await readOrCreateSecret(config.dataDir, 'encryption.key');
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.close();
  return { masterKey: master.value, masterKeyCreated: master.created };
}
