/**
 * Models served without a price: seen unpriced in the request logs (served and logged at zero cost),
 * and deployments no price entry matches yet.
 */
import { fn, col } from 'sequelize';
import type { ConfigState } from '../engine/state/config-state.ts';
import type { RequestLogWriter } from '../infrastructure/database/request-log-writer.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';

export interface UnpricedModel {
  model: string;
  providerModel: string | null;
  requests: number;
  lastSeenAt: Date | null;
}

export class UnpricedModelService {
  constructor(
    private readonly models: DatabaseModels,
    private readonly config: ConfigState,
    private readonly writer: RequestLogWriter,
  ) {}

  async list(): Promise<UnpricedModel[]> {
    await this.writer.flush();
    const logged = (await this.models.RequestLogRecord.findAll({
      attributes: ['model', 'providerModel', [fn('COUNT', col('id')), 'requests'], [fn('MAX', col('created_at')), 'lastSeenAt']],
      where: { unpriced: true },
      group: ['model', 'providerModel'],
      raw: true,
    })) as unknown as Array<{ model: string | null; providerModel: string | null; requests: number | string; lastSeenAt: Date | string }>;
    const prices = this.config.current.prices;
    const found = new Map<string, UnpricedModel>();
    for (const row of logged) {
      if (!row.model) continue;
      // Priced since: no longer a problem.
      if (prices.find(row.model, row.providerModel ?? undefined)) continue;
      found.set(`${row.model}|${row.providerModel ?? ''}`, {
        model: row.model,
        providerModel: row.providerModel,
        requests: Number(row.requests),
        lastSeenAt: row.lastSeenAt ? new Date(row.lastSeenAt) : null,
      });
    }
    for (const deployment of await this.models.ModelDeploymentRecord.findAll({ where: { enabled: true } })) {
      const key = `${deployment.modelName}|${deployment.providerModel}`;
      if (found.has(key) || prices.find(deployment.modelName, deployment.providerModel)) continue;
      found.set(key, { model: deployment.modelName, providerModel: deployment.providerModel, requests: 0, lastSeenAt: null });
    }
    return [...found.values()].sort((a, b) => a.model.localeCompare(b.model) || (a.providerModel ?? '').localeCompare(b.providerModel ?? ''));
  }
}
