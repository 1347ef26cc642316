/** Reads what the configuration snapshot is built from. */
import type { ConfigSource } from '../../ports/config-source.ts';
import type { DatabaseModels } from './models/define-models.ts';

export class ConfigSourceRepository implements ConfigSource {
  constructor(private readonly models: DatabaseModels) {}

  enabledProviders() {
    return this.models.ProviderRecord.findAll({ where: { enabled: true } });
  }

  enabledDeployments() {
    return this.models.ModelDeploymentRecord.findAll({ where: { enabled: true }, order: [['createdAt', 'ASC']] });
  }

  modelCosts() {
    return this.models.ModelCostRecord.findAll();
  }

  routerSettings() {
    return this.models.RouterSettingsRecord.findByPk('global');
  }

  fallbackRules() {
    return this.models.FallbackRuleRecord.findAll();
  }
}
