/** What every GraphQL resolver receives: the services, never the database or the HTTP request. */
import type { PluginRegistry } from '../plugins/plugin-registry.ts';
import type { ModelCostService } from '../services/model-cost-service.ts';
import type { ModelDeploymentService } from '../services/model-deployment-service.ts';
import type { ProviderService } from '../services/provider-service.ts';
import type { RequestLogService } from '../services/request-log-service.ts';
import type { VirtualKeyService } from '../services/virtual-key-service.ts';
import type { ConfigState } from '../state/config-state.ts';

export interface AdminServices {
  providers: ProviderService;
  deployments: ModelDeploymentService;
  costs: ModelCostService;
  virtualKeys: VirtualKeyService;
  requestLogs: RequestLogService;
  registry: PluginRegistry;
  config: ConfigState;
}

export interface GraphQLContext {
  services: AdminServices;
}
