/** Provider health-check results in `provider_health`. */
import { Op } from 'sequelize';
import type { HealthCheckRow, HealthHistory } from '../../ports/health-history.ts';
import { ProviderHealthRecord } from './models/provider-health-model.ts';

export class HealthHistoryRepository implements HealthHistory {
  async append(rows: readonly HealthCheckRow[]): Promise<void> {
    try {
      await ProviderHealthRecord.bulkCreate([...rows]);
    } catch {
      // A provider deleted meanwhile fails the whole batch on its foreign key: write the rest one by one.
      for (const row of rows) await ProviderHealthRecord.create(row).catch(() => undefined);
    }
  }

  pruneBefore(before: Date): Promise<number> {
    return ProviderHealthRecord.destroy({ where: { checkedAt: { [Op.lt]: before } } });
  }
}
