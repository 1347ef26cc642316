/** Virtual keys and key groups for the key caches and the expiry scanner. */
import { Op } from 'sequelize';
import type { KeyStore } from '../../ports/key-store.ts';
import { KeyGroupRecord } from './models/key-group-model.ts';
import { VirtualKeyRecord } from './models/virtual-key-model.ts';

export class KeyRepository implements KeyStore {
  findByHash(hash: string) {
    return VirtualKeyRecord.findOne({ where: { keyHash: hash } });
  }

  async expiringBy(until: Date) {
    const keys = await VirtualKeyRecord.findAll({
      where: { enabled: true, expiresAt: { [Op.ne]: null, [Op.lte]: until } },
      attributes: ['id', 'name', 'expiresAt'],
    });
    return keys.map((key) => ({ id: key.id, name: key.name, expiresAt: key.expiresAt! }));
  }

  groups() {
    return KeyGroupRecord.findAll();
  }
}
