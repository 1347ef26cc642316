/**
 * Providers: configured instances of provider plugins. Credentials are encrypted before they reach
 * the database and are never returned; only which secret fields are set can be read.
 */
import { UniqueConstraintError } from 'sequelize';
import { z } from 'zod';
import type { CredentialCipher } from '../ports/credential-cipher.ts';
import type { ProviderRecord } from '../infrastructure/database/models/provider-model.ts';
import type { ConfigChanges } from '../engine/state/config-changes.ts';
import type { PluginRegistry } from '../engine/plugins/plugin-registry.ts';
import { describeProblem, providerConfigProblem, type ProviderConfigProblem, type ProviderSettings } from '../engine/plugins/provider-config-problem.ts';
import type { HttpClient } from '@conduit/plugin-api';
import type { Logger } from '../ports/logger.ts';
import { InputError, NotFoundError } from './input-error.ts';
import { parseInput } from './parse-input.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';

const httpUrl = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^\s]+$/.test(value) && URL.canParse(value), 'must be an http(s) URL');
const secrets = z.record(z.string(), z.string());

const createSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  type: z.string().trim().min(1),
  baseUrl: httpUrl.nullish(),
  apiKey: z.string().min(1, 'must not be empty').nullish(),
  credentials: secrets.nullish(),
  options: z.record(z.string(), z.unknown()).nullish(),
  enabled: z.boolean().nullish(),
});
const updateSchema = createSchema.omit({ type: true }).partial();

export type CreateProviderInput = z.input<typeof createSchema>;
export type UpdateProviderInput = z.input<typeof updateSchema>;

export class ProviderService {
  constructor(
    private readonly models: DatabaseModels,
    private readonly registry: PluginRegistry,
    private readonly cipher: CredentialCipher,
    private readonly changes: ConfigChanges,
    /** What a trial build of a provider's client gets, to judge its settings as loading would. */
    private readonly build: { http: HttpClient; logger: Logger },
  ) {}

  list(): Promise<ProviderRecord[]> {
    return this.models.ProviderRecord.findAll({ order: [['name', 'ASC']] });
  }

  get(id: string): Promise<ProviderRecord | null> {
    return this.models.ProviderRecord.findByPk(id);
  }

  async create(input: CreateProviderInput): Promise<ProviderRecord> {
    const values = parseInput(createSchema, input);
    // A type is any name with a plugin that reaches an account: a chat provider, audio, or realtime.
    const plugin = this.registry.accountOf(values.type);
    if (!plugin) {
      const known = this.registry.providerTypes().join(', ');
      throw new InputError('input.type', `unknown provider type '${values.type}' (loaded: ${known})`);
    }
    if (!values.baseUrl && !plugin.defaultBaseUrl && !plugin.optionsSchema) {
      throw new InputError('input.baseUrl', `is required: provider type '${values.type}' has no default`);
    }
    const credentials = { ...values.credentials, ...(values.apiKey ? { apiKey: values.apiKey } : {}) };
    this.refuseProblem({ id: 'new', name: values.name, type: values.type, baseUrl: values.baseUrl ?? null, credentials, options: values.options ?? {} });
    const record = await this.save(() =>
      this.models.ProviderRecord.create({
        name: values.name,
        type: values.type,
        baseUrl: values.baseUrl ?? null,
        credentialsEncrypted: Object.keys(credentials).length > 0 ? this.cipher.encrypt(JSON.stringify(credentials)) : null,
        options: values.options ?? {},
        enabled: values.enabled ?? true,
      }),
    );
    await this.changes.committed({ entity: 'provider', id: record.id });
    return record;
  }

  async update(id: string, input: UpdateProviderInput): Promise<ProviderRecord> {
    const values = parseInput(updateSchema, input);
    const record = await this.models.ProviderRecord.findByPk(id);
    if (!record) throw new NotFoundError('Provider', id);
    if (values.name != null) record.name = values.name;
    if (values.baseUrl !== undefined) record.baseUrl = values.baseUrl;
    if (values.options != null) record.options = values.options;
    if (values.enabled != null) record.enabled = values.enabled;
    let credentials = this.credentialsOf(record);
    if (values.apiKey !== undefined || values.credentials != null) {
      credentials = { ...credentials, ...values.credentials };
      if (values.apiKey === null) delete credentials.apiKey;
      else if (values.apiKey !== undefined) credentials.apiKey = values.apiKey;
      record.credentialsEncrypted = Object.keys(credentials).length > 0 ? this.cipher.encrypt(JSON.stringify(credentials)) : null;
    }
    // Settings are judged whole, as they will be used; an update that only renames or disables a
    // provider is not refused for a problem it already had.
    if (values.baseUrl !== undefined || values.options != null || values.apiKey !== undefined || values.credentials != null) {
      this.refuseProblem({ id: record.id, name: record.name, type: record.type, baseUrl: record.baseUrl, credentials, options: record.options });
    }
    await this.save(() => record.save());
    await this.changes.committed({ entity: 'provider', id });
    return record;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.models.ProviderRecord.destroy({ where: { id } });
    if (deleted === 0) throw new NotFoundError('Provider', id);
    await this.changes.committed({ entity: 'provider', id });
    return true;
  }

  /** What keeps this stored provider from serving (its settings judged by its plugin), or null. */
  problem(record: ProviderRecord): string | null {
    const settings = { id: record.id, name: record.name, type: record.type, baseUrl: record.baseUrl, credentials: this.credentialsOf(record), options: record.options };
    return this.problemOf(settings, (problem) => describeProblem(problem)) ?? null;
  }

  private refuseProblem(settings: ProviderSettings): void {
    this.problemOf(settings, (problem) => {
      throw new InputError(problem.field ? `input.${problem.field}` : 'input', problem.message);
    });
  }

  private problemOf<T>(settings: ProviderSettings, report: (problem: ProviderConfigProblem) => T): T | undefined {
    const account = this.registry.accountOf(settings.type);
    if (!account) return report({ field: 'type', message: `no plugin of type '${settings.type}' is loaded` });
    const problem = providerConfigProblem(account, this.registry.providers.get(settings.type), settings, this.build);
    return problem ? report(problem) : undefined;
  }

  /** Names of the secret fields that are set, never their values. */
  secretFieldsSet(record: ProviderRecord): string[] {
    return Object.keys(this.credentialsOf(record)).sort();
  }

  private credentialsOf(record: ProviderRecord): Record<string, string> {
    if (!record.credentialsEncrypted) return {};
    return JSON.parse(this.cipher.decrypt(record.credentialsEncrypted)) as Record<string, string>;
  }

  private async save<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof UniqueConstraintError) throw new InputError('input.name', 'a provider with this name already exists');
      throw error;
    }
  }
}
