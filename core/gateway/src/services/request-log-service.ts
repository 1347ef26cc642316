/** Reads request logs, newest first, a page at a time (keyset pagination on the id). */
import { Op, type WhereOptions } from 'sequelize';
import type { RequestLogRecord } from '../infrastructure/database/models/request-log-model.ts';
import type { RequestLogWriter } from '../infrastructure/database/request-log-writer.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';

export interface RequestLogFilter {
  virtualKeyId?: string | null;
  model?: string | null;
  /** Only rows with an id below this one (the cursor). */
  beforeId?: number;
}

export class RequestLogService {
  constructor(
    private readonly models: DatabaseModels,
    private readonly writer: RequestLogWriter,
  ) {}

  async page(filter: RequestLogFilter, limit: number): Promise<RequestLogRecord[]> {
    // Readers expect to see what was just served; flushing first costs one batch write.
    await this.writer.flush();
    const where: WhereOptions<RequestLogRecord> = {};
    if (filter.virtualKeyId) Object.assign(where, { virtualKeyId: filter.virtualKeyId });
    if (filter.model) Object.assign(where, { model: filter.model });
    if (filter.beforeId !== undefined) Object.assign(where, { id: { [Op.lt]: filter.beforeId } });
    return this.models.RequestLogRecord.findAll({ where, order: [['id', 'DESC']], limit });
  }
}
