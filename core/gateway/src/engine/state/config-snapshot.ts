/**
 * An immutable in-memory picture of the configuration the hot path needs: which deployments serve a
 * model, their provider clients and capabilities, and prices. Built from the database at start and
 * again whenever configuration changes, so no request reads configuration from the database.
 */
import { describeProblem, providerSchemaProblem } from '../plugins/provider-config-problem.ts';
import {
  capabilitiesOf,
  mergeCapabilities,
  type HttpClient,
  type HttpTimeouts,
  type ModelCapabilities,
  type ProviderClient,
} from '@conduit/plugin-api';
import type { Logger } from '../../ports/logger.ts';
import type { CredentialCipher } from '../../ports/credential-cipher.ts';
import type { PluginRegistry } from '../plugins/plugin-registry.ts';
import { ProviderRecord } from '../../infrastructure/database/models/provider-model.ts';
import { ModelDeploymentRecord } from '../../infrastructure/database/models/model-deployment-model.ts';
import { builtinPriceTable } from '../usage/builtin-price-table.ts';
import { ModelCostRecord } from '../../infrastructure/database/models/model-cost-model.ts';
import { RouterSettingsRecord } from '../../infrastructure/database/models/router-settings-model.ts';
import { FallbackRuleRecord } from '../../infrastructure/database/models/fallback-rule-model.ts';
import { defaultRouterSettings, routerSettingsFromRecord, type RouterSettings } from '../routing/router-settings.ts';
import { PriceTable } from '../usage/price-table.ts';

export interface ProviderInstance {
  id: string;
  name: string;
  type: string;
  client: ProviderClient;
}

export interface DeploymentRoute {
  id: string;
  modelName: string;
  providerModel: string;
  weight: number;
  priority: number;
  timeouts: HttpTimeouts | undefined;
  cacheTtlSeconds: number | undefined;
  capabilities: ModelCapabilities;
  provider: ProviderInstance;
  createdAt: Date;
}

/** The router's configuration: its settings and the fallback models of each model that has a rule. */
export interface RouterConfig {
  settings: RouterSettings;
  fallbacks: ReadonlyMap<string, readonly string[]>;
}

const defaultRouterConfig: RouterConfig = { settings: defaultRouterSettings, fallbacks: new Map() };

/** A provider that could not be set up, kept so admins can see why its models are not served. */
export interface ProviderProblem {
  providerId: string;
  name: string;
  problem: string;
}

export class ConfigSnapshot {
  constructor(
    private readonly routes: ReadonlyMap<string, readonly DeploymentRoute[]>,
    readonly prices: PriceTable,
    readonly providers: readonly ProviderInstance[],
    readonly problems: readonly ProviderProblem[],
    readonly router: RouterConfig = defaultRouterConfig,
  ) {}

  /** Enabled deployments of enabled, working providers serving `modelName`. */
  routesFor(modelName: string): readonly DeploymentRoute[] {
    return this.routes.get(modelName) ?? [];
  }

  modelNames(): string[] {
    return [...this.routes.keys()];
  }

  async close(): Promise<void> {
    // async: a client whose close throws at once must not keep the others open.
    await Promise.allSettled(this.providers.map(async (provider) => provider.client.close?.()));
  }
}

export interface SnapshotDependencies {
  registry: PluginRegistry;
  cipher: CredentialCipher;
  http: HttpClient;
  logger: Logger;
}

export async function buildConfigSnapshot(dependencies: SnapshotDependencies): Promise<ConfigSnapshot> {
  const [providerRecords, deploymentRecords, costRecords, routerSettingsRecord, fallbackRuleRecords] = await Promise.all([
    ProviderRecord.findAll({ where: { enabled: true } }),
    ModelDeploymentRecord.findAll({ where: { enabled: true }, order: [['createdAt', 'ASC']] }),
    ModelCostRecord.findAll(),
    RouterSettingsRecord.findByPk('global'),
    FallbackRuleRecord.findAll(),
  ]);
  const router: RouterConfig = {
    settings: routerSettingsFromRecord(routerSettingsRecord),
    fallbacks: new Map(fallbackRuleRecords.map((rule) => [rule.modelName, Object.freeze([...rule.fallbacks])])),
  };

  const providers = new Map<string, { instance: ProviderInstance; capabilities: (model: string) => ModelCapabilities }>();
  const problems: ProviderProblem[] = [];
  for (const record of providerRecords) {
    // A type with no chat provider plugin (audio only, say) is valid: it just has no chat client.
    if (!dependencies.registry.providers.has(record.type) && dependencies.registry.kindsOf(record.type).length > 0) continue;
    try {
      providers.set(record.id, createProviderInstance(record, dependencies));
    } catch (error) {
      const problem = (error as Error).message;
      problems.push({ providerId: record.id, name: record.name, problem });
      dependencies.logger.error({ provider: record.name, problem }, 'provider cannot be used');
    }
  }

  const routes = new Map<string, DeploymentRoute[]>();
  for (const record of deploymentRecords) {
    const provider = providers.get(record.providerId);
    if (!provider) continue;
    const route: DeploymentRoute = {
      id: record.id,
      modelName: record.modelName,
      providerModel: record.providerModel,
      weight: record.weight,
      priority: record.priority,
      timeouts: withDefaultTimeouts(router.settings.defaultTimeouts, record.timeouts),
      cacheTtlSeconds: record.cacheTtlSeconds ?? undefined,
      capabilities: mergeCapabilities(provider.capabilities(record.providerModel), record.capabilities),
      provider: provider.instance,
      createdAt: record.createdAt,
    };
    const list = routes.get(record.modelName);
    if (list) list.push(route);
    else routes.set(record.modelName, [route]);
  }

  const prices = new PriceTable(
    costRecords.map((record) => ({
      pattern: record.model,
      inputPerMillion: record.inputPerMillion,
      outputPerMillion: record.outputPerMillion,
      cachedInputPerMillion: record.cachedInputPerMillion ?? null,
      cacheWritePerMillion: record.cacheWritePerMillion ?? null,
      perImage: record.perImage ?? null,
      audioInputPerMinute: record.audioInputPerMinute ?? null,
      audioOutputPerMinute: record.audioOutputPerMinute ?? null,
      ttsPerThousandChars: record.ttsPerThousandChars ?? null,
      batchMultiplier: record.batchMultiplier ?? null,
      maxOutputTokens: record.maxOutputTokens ?? null,
    })),
    builtinPriceTable(),
  );

  return new ConfigSnapshot(routes, prices, [...providers.values()].map((entry) => entry.instance), problems, router);
}

/** A deployment's own timeouts, each unset one taken from the router's defaults. */
function withDefaultTimeouts(defaults: HttpTimeouts, own: HttpTimeouts | null): HttpTimeouts | undefined {
  const merged = { ...defaults, ...Object.fromEntries(Object.entries(own ?? {}).filter(([, value]) => value != null)) };
  return Object.keys(merged).length > 0 ? merged : undefined;
}

function createProviderInstance(
  record: ProviderRecord,
  { registry, cipher, http, logger }: SnapshotDependencies,
): { instance: ProviderInstance; capabilities: (model: string) => ModelCapabilities } {
  const loaded = registry.providers.get(record.type);
  if (!loaded) throw new Error(`no provider plugin of type '${record.type}' is loaded`);
  const { plugin } = loaded;
  const credentials = record.credentialsEncrypted
    ? (JSON.parse(cipher.decrypt(record.credentialsEncrypted)) as Record<string, string>)
    : {};
  // Admin writes refuse these; a record stored before (or by another version) is reported the same way.
  const schemaProblem = providerSchemaProblem(plugin, { credentials, options: record.options ?? {} });
  if (schemaProblem) throw new Error(describeProblem(schemaProblem));
  const baseUrl = (record.baseUrl ?? plugin.defaultBaseUrl ?? '').replace(/\/+$/, '');
  const client = plugin.create({
    provider: { id: record.id, name: record.name, type: record.type },
    baseUrl,
    credentials: Object.freeze({ ...credentials }),
    options: Object.freeze({ ...record.options }),
    pluginOptions: loaded.options,
    http,
    logger: logger.child({ provider: record.name }),
  });
  return {
    instance: { id: record.id, name: record.name, type: record.type, client },
    capabilities: (model) => capabilitiesOf(plugin, model),
  };
}
