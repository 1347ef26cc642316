/** Reads what the configuration snapshot is built from. */
import type { ConfigSource } from '../../ports/config-source.ts';
import { FallbackRuleRecord } from './models/fallback-rule-model.ts';
import { ModelCostRecord } from './models/model-cost-model.ts';
import { ModelDeploymentRecord } from './models/model-deployment-model.ts';
import { ProviderRecord } from './models/provider-model.ts';
import { RouterSettingsRecord } from './models/router-settings-model.ts';

export class ConfigSourceRepository implements ConfigSource {
  enabledProviders() {
    return ProviderRecord.findAll({ where: { enabled: true } });
  }

  enabledDeployments() {
    return ModelDeploymentRecord.findAll({ where: { enabled: true }, order: [['createdAt', 'ASC']] });
  }

  modelCosts() {
    return ModelCostRecord.findAll();
  }

  routerSettings() {
    return RouterSettingsRecord.findByPk('global');
  }

  fallbackRules() {
    return FallbackRuleRecord.findAll();
  }
}
