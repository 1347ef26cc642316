/** Provider health-check results in `provider_health`. */
import { Op } from 'sequelize';
import type { HealthCheckRow, HealthHistory } from '../../ports/health-history.ts';
import type { DatabaseModels } from './models/define-models.ts';

export class HealthHistoryRepository implements HealthHistory {
  constructor(private readonly models: DatabaseModels) {}

  async append(rows: readonly HealthCheckRow[]): Promise<void> {
    try {
      await this.models.ProviderHealthRecord.bulkCreate([...rows]);
    } catch {
      // A provider deleted meanwhile fails the whole batch on its foreign key: write the rest one by one.
      for (const row of rows) await this.models.ProviderHealthRecord.create(row).catch(() => undefined);
    }
  }

  pruneBefore(before: Date): Promise<number> {
    return this.models.ProviderHealthRecord.destroy({ where: { checkedAt: { [Op.lt]: before } } });
  }
}
