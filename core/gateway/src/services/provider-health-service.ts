/** Provider health: the current state of each provider, the stored history of checks, a check on demand. */
import { Op, type WhereOptions } from 'sequelize';
import type { ProviderHealthProbe, ProviderHealthRecord } from '../infrastructure/database/models/provider-health-model.ts';
import type { HealthChecker } from '../engine/health/health-checker.ts';
import type { HealthStatus, ProviderHealthBoard } from '../engine/health/provider-health-board.ts';
import { NotFoundError } from './input-error.ts';
import { callOut } from '../infrastructure/database/admin-transactions.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';

/** A provider's current health; the dates are unset before its first check. */
export interface ProviderHealthView {
  providerId: string;
  status: HealthStatus;
  outage: boolean;
  latencyMs: number | undefined;
  error: string | undefined;
  checkedAt: Date | undefined;
  since: Date | undefined;
}

export interface ProviderHealthHistoryFilter {
  providerId: string;
  /** Only rows with an id below this one (the cursor). */
  beforeId?: number;
  /** Only rows of these probes (`liveness`: the rows with no probe). */
  probes?: ReadonlyArray<'liveness' | ProviderHealthProbe>;
}

export class ProviderHealthService {
  constructor(
    private readonly models: DatabaseModels,
    private readonly board: ProviderHealthBoard,
    private readonly checker: HealthChecker,
  ) {}

  /** What the latest check found; `unknown` before the first one or when the provider cannot be probed. */
  current(providerId: string): ProviderHealthView {
    return (
      this.board.get(providerId) ?? {
        providerId,
        status: 'unknown',
        outage: false,
        latencyMs: undefined,
        error: undefined,
        checkedAt: undefined,
        since: undefined,
      }
    );
  }

  async all(): Promise<ProviderHealthView[]> {
    const providers = await this.models.ProviderRecord.findAll({ attributes: ['id'], order: [['name', 'ASC']] });
    return providers.map((provider) => this.current(provider.id));
  }

  /** Stored checks, newest first. */
  history(filter: ProviderHealthHistoryFilter, limit: number): Promise<ProviderHealthRecord[]> {
    const where: WhereOptions<ProviderHealthRecord> = { providerId: filter.providerId };
    if (filter.beforeId !== undefined) Object.assign(where, { id: { [Op.lt]: filter.beforeId } });
    if (filter.probes) {
      const named = filter.probes.filter((probe) => probe !== 'liveness');
      const alternatives: WhereOptions<ProviderHealthRecord>[] = [];
      if (named.length > 0) alternatives.push({ probe: { [Op.in]: named } });
      if (filter.probes.includes('liveness')) alternatives.push({ probe: { [Op.is]: null } });
      Object.assign(where, { [Op.or]: alternatives.length > 0 ? alternatives : [{ id: null }] });
    }
    return this.models.ProviderHealthRecord.findAll({ where, order: [['id', 'DESC']], limit });
  }

  /**
   * Probes the provider now. In the admin mutation, only storing the findings joins its transaction
   * (with the audit row): the lookup and the probes, which wait on the provider, run before it.
   */
  async checkNow(providerId: string): Promise<ProviderHealthView> {
    if (!(await callOut(() => this.models.ProviderRecord.findByPk(providerId, { attributes: ['id'] })))) throw new NotFoundError('Provider', providerId);
    await this.checker.checkNow(providerId, callOut);
    return this.current(providerId);
  }

  /** Deletes checks older than the retention period; returns how many. */
  prune(now?: number): Promise<number> {
    return this.checker.prune(now);
  }
}
