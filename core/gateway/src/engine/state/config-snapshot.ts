/**
 * An immutable in-memory picture of the configuration the hot path needs: which deployments serve a
 * model, their provider clients and capabilities, and prices. Built from the database at start and
 * again whenever configuration changes, so no request reads configuration from the database.
 *
 * A rebuild reads only the parts whose entities changed and keeps the rest of the previous snapshot;
 * a provider whose record did not change keeps its client (and the connections and streams it
 * carries). See config-state.ts for when clients that were replaced are closed.
 */
import { describeProblem, providerSchemaProblem } from '../plugins/provider-config-problem.ts';
import { providerTypeCapabilities } from '../plugins/provider-type-capabilities.ts';
import {
  createWebSocketOpener,
  mergeCapabilities,
  ProviderError,
  type AudioCapabilities,
  type AudioClient,
  type HttpClient,
  type HttpTimeouts,
  type ModelCapabilities,
  type ProviderClient,
  type RealtimeTranslatorClient,
} from '@conduit/plugin-api';
import type { Logger } from '../../ports/logger.ts';
import type { CredentialCipher } from '../../ports/credential-cipher.ts';
import type { PluginRegistry } from '../plugins/plugin-registry.ts';
import type { ConfigSource, StoredDeployment, StoredModelCost, StoredProvider } from '../../ports/config-source.ts';
import { builtinPriceTable } from '../usage/builtin-price-table.ts';
import { defaultRouterSettings, routerSettingsFromRecord, type RouterSettings } from '../routing/router-settings.ts';
import { PriceTable } from '../usage/price-table.ts';
import { trackProviderClient, type TrackedProviderClient } from './tracked-provider-client.ts';
import { readGatewayOptions, splitProviderOptions, type AudioHealthCheckOption } from '../plugins/gateway-provider-options.ts';
import { audioCapabilitiesOf } from './audio-capabilities-of.ts';
import { deploymentAudioOptions } from './deployment-audio-options.ts';
import type { ConfigEntity } from '../../ports/event-bus.ts';

export interface ProviderInstance {
  id: string;
  name: string;
  type: string;
  client: ProviderClient;
  /** The audio client, when the provider's type has an audio plugin. */
  audio?: AudioClient;
  /** The session client of the type's `realtime-translator` plugin, when it has one. */
  realtime?: RealtimeTranslatorClient;
  /** The provider's opt-in to audio health checks (a gateway option); only with an audio client. */
  audioHealthCheck?: AudioHealthCheckOption;
}

/** What a deployment of a type with an audio plugin can do in audio, and its voice mapping. */
export interface AudioDeployment {
  client: AudioClient;
  /** The plugin's capabilities, refined for the provider model. */
  capabilities: AudioCapabilities;
  /** OpenAI voice names (or any name clients use) to the provider's voices. */
  voiceMap: Readonly<Record<string, string>>;
  /** The voice used when the request's voice is neither mapped nor the provider's own. */
  defaultVoice: string | undefined;
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
  /** Present when the provider's type has an audio plugin. */
  audio?: AudioDeployment;
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

/** A provider's client as built from its record; reused by the next snapshot while the record is unchanged. */
export interface ProviderEntry {
  instance: ProviderInstance;
  capabilities: (model: string) => ModelCapabilities;
  /** What the audio plugin declares for a provider model, when the type has one. */
  audioCapabilities?: (model: string) => AudioCapabilities;
  /** What the client was built from; another value means the client must be rebuilt. */
  fingerprint: string;
  tracked: TrackedProviderClient;
}

/** The entities the snapshot is built from; a change of any other entity leaves it as it is. */
export const snapshotEntities: readonly ConfigEntity[] = ['provider', 'deployment', 'cost', 'routerSettings', 'fallbackRule'];

export class ConfigSnapshot {
  constructor(
    private readonly routes: ReadonlyMap<string, readonly DeploymentRoute[]>,
    readonly prices: PriceTable,
    readonly providers: readonly ProviderInstance[],
    readonly problems: readonly ProviderProblem[],
    readonly router: RouterConfig = defaultRouterConfig,
    /** By provider id. */
    readonly providerEntries: ReadonlyMap<string, ProviderEntry> = new Map(),
    /** The deployment records the routes were built from (kept to rebuild routes when only providers or settings change). */
    readonly deploymentRecords: readonly StoredDeployment[] = [],
  ) {}

  /** Enabled deployments of enabled, working providers serving `modelName`. */
  routesFor(modelName: string): readonly DeploymentRoute[] {
    return this.routes.get(modelName) ?? [];
  }

  modelNames(): string[] {
    return [...this.routes.keys()];
  }

  /** Closes the clients `next` does not use any more, each once its calls and streams have ended. */
  async closeReplaced(next: ConfigSnapshot, maxWaitMs: number): Promise<void> {
    const kept = new Set([...next.providerEntries.values()].map((entry) => entry.tracked));
    await Promise.allSettled(
      [...this.providerEntries.values()].filter((entry) => !kept.has(entry.tracked)).map((entry) => entry.tracked.closeWhenIdle(maxWaitMs)),
    );
  }

  async close(): Promise<void> {
    // async: a client whose close throws at once must not keep the others open.
    await Promise.allSettled(this.providers.flatMap((provider) => [(async () => provider.client.close?.())(), (async () => provider.audio?.close?.())()]));
  }
}

export interface SnapshotDependencies {
  source: ConfigSource;
  registry: PluginRegistry;
  cipher: CredentialCipher;
  http: HttpClient;
  logger: Logger;
}

/**
 * Builds the snapshot from the database. With `previous` and `changed`, reads only what the changed
 * entities feed (routes: providers, deployments, router settings; prices: costs; router config:
 * router settings and fallback rules) and takes the rest from `previous`.
 */
export async function buildConfigSnapshot(
  dependencies: SnapshotDependencies,
  previous?: ConfigSnapshot,
  changed?: ReadonlySet<ConfigEntity>,
): Promise<ConfigSnapshot> {
  const all = !previous || !changed;
  const needs = (...entities: ConfigEntity[]) => all || entities.some((entity) => changed.has(entity));
  const { source } = dependencies;
  const readRoutes = needs('provider', 'deployment', 'routerSettings');
  const [providerRecords, deploymentRecords, costRecords, routerSettingsRecord, fallbackRuleRecords] = await Promise.all([
    needs('provider') ? source.enabledProviders() : undefined,
    needs('deployment') ? source.enabledDeployments() : previous!.deploymentRecords,
    needs('cost') ? source.modelCosts() : undefined,
    needs('routerSettings') ? source.routerSettings() : undefined,
    needs('routerSettings', 'fallbackRule') ? source.fallbackRules() : undefined,
  ]);
  const router: RouterConfig = fallbackRuleRecords
    ? {
        settings: routerSettingsRecord !== undefined ? routerSettingsFromRecord(routerSettingsRecord) : previous!.router.settings,
        fallbacks: new Map(fallbackRuleRecords.map((rule) => [rule.modelName, Object.freeze([...rule.fallbacks])])),
      }
    : previous!.router;

  let providers: ReadonlyMap<string, ProviderEntry> = previous?.providerEntries ?? new Map();
  let problems: readonly ProviderProblem[] = previous?.problems ?? [];
  if (providerRecords) ({ providers, problems } = buildProviders(providerRecords, dependencies, previous));

  const routes = readRoutes ? buildRoutes(deploymentRecords, providers, router.settings) : undefined;
  const prices = costRecords ? buildPriceTable(costRecords) : previous!.prices;

  return new ConfigSnapshot(
    routes ?? previous!['routes'],
    prices,
    [...providers.values()].map((entry) => entry.instance),
    problems,
    router,
    providers,
    deploymentRecords,
  );
}

function buildProviders(
  records: readonly StoredProvider[],
  dependencies: SnapshotDependencies,
  previous: ConfigSnapshot | undefined,
): { providers: Map<string, ProviderEntry>; problems: ProviderProblem[] } {
  const providers = new Map<string, ProviderEntry>();
  const problems: ProviderProblem[] = [];
  for (const record of records) {
    // A type whose plugins serve none of chat, audio and realtime (a routing strategy's name) has no client.
    const { registry } = dependencies;
    const served = registry.providers.has(record.type) || registry.audio.has(record.type) || registry.realtimeTranslators.has(record.type);
    if (!served && registry.kindsOf(record.type).length > 0) continue;
    const fingerprint = providerFingerprint(record);
    const unchanged = previous?.providerEntries.get(record.id);
    if (unchanged?.fingerprint === fingerprint) {
      providers.set(record.id, unchanged);
      continue;
    }
    try {
      providers.set(record.id, createProviderEntry(record, fingerprint, dependencies));
    } catch (error) {
      const problem = (error as Error).message;
      problems.push({ providerId: record.id, name: record.name, problem });
      dependencies.logger.error({ provider: record.name, problem }, 'provider cannot be used');
    }
  }
  // A provider that could not be set up keeps its problem while its record is unchanged.
  for (const problem of previous?.problems ?? []) {
    const record = records.find((each) => each.id === problem.providerId);
    if (record && !providers.has(record.id) && !problems.some((each) => each.providerId === record.id)) problems.push(problem);
  }
  return { providers, problems };
}

function buildRoutes(
  deploymentRecords: readonly StoredDeployment[],
  providers: ReadonlyMap<string, ProviderEntry>,
  settings: RouterSettings,
): Map<string, DeploymentRoute[]> {
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
      timeouts: withDefaultTimeouts(settings.defaultTimeouts, record.timeouts),
      cacheTtlSeconds: record.cacheTtlSeconds ?? undefined,
      capabilities: mergeCapabilities(provider.capabilities(record.providerModel), record.capabilities),
      provider: provider.instance,
      createdAt: record.createdAt,
    };
    const audio = audioDeployment(provider, record);
    if (audio) route.audio = audio;
    const list = routes.get(record.modelName);
    if (list) list.push(route);
    else routes.set(record.modelName, [route]);
  }
  return routes;
}

function buildPriceTable(costRecords: readonly StoredModelCost[]): PriceTable {
  return new PriceTable(
    costRecords.map((record) => ({
      pattern: record.model,
      inputPerMillion: record.inputPerMillion,
      outputPerMillion: record.outputPerMillion,
      cachedInputPerMillion: record.cachedInputPerMillion ?? null,
      cacheWritePerMillion: record.cacheWritePerMillion ?? null,
      cacheWrite1hPerMillion: record.cacheWrite1hPerMillion ?? null,
      perImage: record.perImage ?? null,
      audioInputPerMinute: record.audioInputPerMinute ?? null,
      audioOutputPerMinute: record.audioOutputPerMinute ?? null,
      speechPerMillionCharacters: record.speechPerMillionCharacters ?? null,
      audioInputPerMillion: record.audioInputPerMillion ?? null,
      audioOutputPerMillion: record.audioOutputPerMillion ?? null,
      cachedAudioInputPerMillion: record.cachedAudioInputPerMillion ?? null,
      sessionPerMinute: record.sessionPerMinute ?? null,
      batchMultiplier: record.batchMultiplier ?? null,
      maxOutputTokens: record.maxOutputTokens ?? null,
    })),
    builtinPriceTable(),
  );
}

/** Everything a provider's client is built from (the credentials as stored, encrypted). */
function providerFingerprint(record: StoredProvider): string {
  return JSON.stringify([record.type, record.name, record.baseUrl, record.credentialsEncrypted, record.options, record.updatedAt?.getTime()]);
}

/** A deployment's own timeouts, each unset one taken from the router's defaults. */
function withDefaultTimeouts(defaults: HttpTimeouts, own: HttpTimeouts | null): HttpTimeouts | undefined {
  const merged = { ...defaults, ...Object.fromEntries(Object.entries(own ?? {}).filter(([, value]) => value != null)) };
  return Object.keys(merged).length > 0 ? merged : undefined;
}

function createProviderEntry(record: StoredProvider, fingerprint: string, { registry, cipher, http, logger }: SnapshotDependencies): ProviderEntry {
  const chat = registry.providers.get(record.type);
  const audio = registry.audio.get(record.type);
  const translator = registry.realtimeTranslators.get(record.type);
  const account = registry.accountOf(record.type);
  if (!account || (!chat && !audio && !translator)) throw new Error(`no provider plugin of type '${record.type}' is loaded`);
  const credentials = record.credentialsEncrypted
    ? (JSON.parse(cipher.decrypt(record.credentialsEncrypted)) as Record<string, string>)
    : {};
  // Admin writes refuse these; a record stored before (or by another version) is reported the same way.
  const schemaProblem = providerSchemaProblem(account, { credentials, options: record.options ?? {} });
  if (schemaProblem) throw new Error(describeProblem(schemaProblem));
  // One account serves every kind its type has: the chat, audio and realtime clients share it.
  const context = (defaultBaseUrl: string | undefined, pluginOptions: unknown) => ({
    provider: { id: record.id, name: record.name, type: record.type },
    baseUrl: (record.baseUrl ?? defaultBaseUrl ?? '').replace(/\/+$/, ''),
    credentials: Object.freeze({ ...credentials }),
    options: Object.freeze(splitProviderOptions(record.options ?? {}).plugin),
    pluginOptions,
    http,
    logger: logger.child({ provider: record.name }),
  });
  const audioClient = audio?.plugin.create(context(audio.plugin.defaultBaseUrl ?? account.defaultBaseUrl, audio.options));
  const realtime = translator?.plugin.create({ ...context(translator.plugin.defaultBaseUrl ?? account.defaultBaseUrl, translator.options), openWebSocket: createWebSocketOpener() });
  const tracked = trackProviderClient(chat ? chat.plugin.create(context(chat.plugin.defaultBaseUrl, chat.options)) : withoutChat(record.type));
  const instance: ProviderInstance = { id: record.id, name: record.name, type: record.type, client: tracked.client };
  if (audioClient) instance.audio = audioClient;
  if (realtime) instance.realtime = realtime;
  const { audioHealthCheck } = readGatewayOptions(record.options ?? {});
  if (audioClient && audioHealthCheck) instance.audioHealthCheck = audioHealthCheck;
  const entry: ProviderEntry = {
    instance,
    capabilities: (model) => providerTypeCapabilities(registry, record.type, model),
    fingerprint,
    tracked: audioClient?.close ? alsoClosing(tracked, audioClient) : tracked,
  };
  if (audio) entry.audioCapabilities = (model) => audioCapabilitiesOf(audio.plugin, model);
  return entry;
}

/** The audio side of a deployment: the plugin's capabilities for its model, and the deployment's voice options. */
function audioDeployment(provider: ProviderEntry, record: StoredDeployment): AudioDeployment | undefined {
  const client = provider.instance.audio;
  if (!client || !provider.audioCapabilities) return undefined;
  const capabilities = provider.audioCapabilities(record.providerModel);
  const options = deploymentAudioOptions(record.options);
  return { client, capabilities, voiceMap: options.voiceMap, defaultVoice: options.defaultVoice ?? capabilities.defaultVoice };
}

/** The chat side of a type without a chat plugin (audio or realtime only): it declares no chat capability, so no chat request is routed to it. */
function withoutChat(type: string): ProviderClient {
  const unsupported = (): never => {
    throw new ProviderError({ code: 'unsupported', message: `Providers of type '${type}' do not offer chat`, retryable: false });
  };
  return { chat: async () => unsupported(), chatStream: () => unsupported() };
}

function alsoClosing(tracked: TrackedProviderClient, audio: AudioClient): TrackedProviderClient {
  return {
    client: tracked.client,
    closeWhenIdle: async (maxWaitMs) => {
      await tracked.closeWhenIdle(maxWaitMs);
      await audio.close?.();
    },
  };
}

