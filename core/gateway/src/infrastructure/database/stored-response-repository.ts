/**
 * The stored responses in the database (ports/stored-response-store.ts), and their purge past the
 * retention: ids first, then a DELETE by id, in small batches like the request logs' purge.
 */
import { Op } from 'sequelize';
import type { StoredResponse, StoredResponseStore } from '../../ports/stored-response-store.ts';
import type { DatabaseModels } from './models/define-models.ts';

export class StoredResponseRepository implements StoredResponseStore {
  constructor(
    private readonly models: DatabaseModels,
    private readonly batchSize = 500,
  ) {}

  async save(response: StoredResponse): Promise<void> {
    await this.models.StoredResponseRecord.create({
      id: response.id,
      virtualKeyId: response.keyId,
      createdAt: response.createdAt,
      inputItems: response.inputItems,
      response: response.response,
    });
  }

  async find(id: string, keyId: string): Promise<StoredResponse | undefined> {
    const row = await this.models.StoredResponseRecord.findOne({ where: { id, virtualKeyId: keyId } });
    if (!row) return undefined;
    return { id: row.id, keyId: row.virtualKeyId, createdAt: row.createdAt, inputItems: row.inputItems, response: row.response };
  }

  async delete(id: string, keyId: string): Promise<boolean> {
    return (await this.models.StoredResponseRecord.destroy({ where: { id, virtualKeyId: keyId } })) > 0;
  }

  /** Deletes every response created before `cutoff`; returns how many. Stops early when `signal` aborts. */
  async purgeBefore(cutoff: Date, signal?: AbortSignal): Promise<number> {
    let deleted = 0;
    while (!signal?.aborted) {
      const rows = await this.models.StoredResponseRecord.findAll({
        attributes: ['id'],
        where: { createdAt: { [Op.lt]: cutoff } },
        order: [['createdAt', 'ASC']],
        limit: this.batchSize,
        raw: true,
      });
      if (rows.length === 0) break;
      deleted += await this.models.StoredResponseRecord.destroy({ where: { id: rows.map((row) => row.id) } });
      if (rows.length < this.batchSize) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return deleted;
  }
}
