/**
 * A real gateway on a loopback port for integration tests: its own data dir, the repository's
 * plugins.json, SQLite by default or the given DATABASE_URL. Helpers configure it over GraphQL, the
 * way automation does, and hand out official `openai` SDK clients.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { Writable } from 'node:stream';
import { loadConfig, startGateway, type StartedGateway } from '../../src/index.ts';
import { createLogger } from '../../src/infrastructure/logging/logger.ts';
import type { StartOptions } from '../../src/composition/start-gateway.ts';
import type { DatabaseModels } from '../../src/infrastructure/database/models/define-models.ts';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const testMasterKey = 'test-master-key-0123456789abcdef';

export interface TestGateway {
  gateway: StartedGateway;
  /** The models of this gateway's database. */
  models: DatabaseModels;
  url: string;
  dataDir: string;
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Raw GraphQL answer (data and errors), for tests about errors. */
  graphqlRaw(query: string, variables?: Record<string, unknown>, masterKey?: string): Promise<{ status: number; body: GraphQLBody }>;
  createProvider(input: Record<string, unknown>): Promise<string>;
  /** An `openai` provider pointing at a fake upstream (its base URL and API key). */
  createOpenAIProvider(name: string, fake: { provider: { baseUrl: string; credentials: { apiKey?: string } } }): Promise<string>;
  createDeployment(input: Record<string, unknown>): Promise<string>;
  createKey(input?: Record<string, unknown>): Promise<{ key: string; id: string }>;
  openai(key: string): OpenAI;
  close(): Promise<void>;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export async function startTestGateway(options: { databaseUrl?: string; env?: Record<string, string>; start?: StartOptions } = {}): Promise<TestGateway> {
  const dataDir = makeTempDir('gateway');
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      CONDUIT_DATA_DIR: dataDir,
      CONDUIT_PLUGINS: path.join(repositoryRoot, 'plugins.json'),
      CONDUIT_MASTER_KEY: testMasterKey,
      CONDUIT_LOG_LEVEL: process.env.CONDUIT_TEST_LOG_LEVEL ?? 'silent',
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...options.env,
    },
    repositoryRoot,
  );
  const gateway = await startGateway(config, { logger: unexpectedErrorsLogger(), ...options.start });

  const graphqlRaw: TestGateway['graphqlRaw'] = async (query, variables, masterKey = testMasterKey) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${masterKey}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLBody };
  };

  const graphql = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const { body } = await graphqlRaw(query, variables);
    if (body.errors?.length) throw new Error(`GraphQL error: ${body.errors.map((error) => error.message).join('; ')}`);
    return body.data as T;
  };

  const createProvider: TestGateway['createProvider'] = async (input) => {
    const data = await graphql<{ createProvider: { id: string } }>(
      'mutation($input: CreateProviderInput!) { createProvider(input: $input) { id } }',
      { input },
    );
    return data.createProvider.id;
  };

  return {
    gateway,
    models: gateway.database.models,
    url: gateway.url,
    dataDir,
    graphql,
    graphqlRaw,
    createProvider,
    createOpenAIProvider: (name, fake) =>
      createProvider({ name, type: 'openai', baseUrl: fake.provider.baseUrl, apiKey: fake.provider.credentials.apiKey }),
    async createDeployment(input) {
      const data = await graphql<{ createModelDeployment: { id: string } }>(
        'mutation($input: CreateModelDeploymentInput!) { createModelDeployment(input: $input) { id } }',
        { input },
      );
      return data.createModelDeployment.id;
    },
    async createKey(input = {}) {
      const data = await graphql<{ createVirtualKey: { key: string; virtualKey: { id: string } } }>(
        'mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { key virtualKey { id } } }',
        { input: { name: 'test key', ...input } },
      );
      return { key: data.createVirtualKey.key, id: data.createVirtualKey.virtualKey.id };
    },
    openai(key) {
      return new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0, timeout: 20_000 });
    },
    close: () => gateway.close(),
  };
}

/**
 * Silent, as tests want, except for what a test cannot see from outside: an error the request path
 * did not expect (the client only gets a 500 and a request id) is printed with its stack, so a test
 * that fails on it says why. CONDUIT_TEST_LOG_LEVEL logs everything at that level instead.
 */
function unexpectedErrorsLogger() {
  const level = process.env.CONDUIT_TEST_LOG_LEVEL;
  if (level) return createLogger(level);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = chunk.toString('utf8');
      if (line.includes('"msg":"unhandled error in the request path"')) process.stderr.write(`[test gateway] ${line}`);
      done();
    },
  });
  return createLogger('error', sink);
}
