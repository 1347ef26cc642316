/** The enabled IP filter rules, for the in-memory IP filter state. */
import type { IpRuleStore } from '../../ports/ip-rule-store.ts';
import { IpFilterRecord } from './models/ip-filter-model.ts';

export class IpRuleRepository implements IpRuleStore {
  enabledRules() {
    return IpFilterRecord.findAll({ where: { enabled: true } });
  }
}
