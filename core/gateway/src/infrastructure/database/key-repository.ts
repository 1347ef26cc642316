/** Virtual keys and key groups for the key caches and the expiry scanner. */
import { Op } from 'sequelize';
import type { KeyStore } from '../../ports/key-store.ts';
import type { DatabaseModels } from './models/define-models.ts';

export class KeyRepository implements KeyStore {
  constructor(private readonly models: DatabaseModels) {}

  findByHash(hash: string) {
    return this.models.VirtualKeyRecord.findOne({ where: { keyHash: hash } });
  }

  async expiringBy(until: Date) {
    const keys = await this.models.VirtualKeyRecord.findAll({
      where: { enabled: true, expiresAt: { [Op.ne]: null, [Op.lte]: until } },
      attributes: ['id', 'name', 'expiresAt'],
    });
    return keys.map((key) => ({ id: key.id, name: key.name, expiresAt: key.expiresAt! }));
  }

  groups() {
    return this.models.KeyGroupRecord.findAll();
  }
}
