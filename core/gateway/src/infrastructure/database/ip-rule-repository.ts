/** The enabled IP filter rules, for the in-memory IP filter state. */
import type { IpRuleStore } from '../../ports/ip-rule-store.ts';
import type { DatabaseModels } from './models/define-models.ts';

export class IpRuleRepository implements IpRuleStore {
  constructor(private readonly models: DatabaseModels) {}

  enabledRules() {
    return this.models.IpFilterRecord.findAll({ where: { enabled: true } });
  }
}
