/**
 * What the router's integration suites share: fake OpenAI upstreams (and one that drops connections)
 * behind providers of a real gateway, helpers to configure the router over GraphQL, and the
 * settings every test starts from.
 */
import type { Test } from 'uvu';
import OpenAI from 'openai';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import type { DatabaseTarget } from './database-targets.ts';
import { startDroppingUpstream, type DroppingUpstream } from './dropping-upstream.ts';
import { startTestGateway, type TestGateway } from './test-gateway.ts';

export interface RouterContext {
  primary: OpenAIFakeUpstream;
  backup: OpenAIFakeUpstream;
  third: OpenAIFakeUpstream;
  dropper: DroppingUpstream;
  harness: TestGateway;
  providers: { primary: string; backup: string; third: string; dropper: string };
  client: OpenAI;
}

export const say = (text: string) => ({ type: 'message' as const, text, finish: 'stop' as const, usage: { input: 1, output: 1 } });
export const serverError = { type: 'http-error' as const, status: 500, message: 'upstream exploded' };
export const ask = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'hi' }] });

/** Settings every test starts from: deterministic order, no retries, health checks off. */
export const baseline = {
  defaultStrategy: 'priority',
  modelStrategies: [],
  maxRetries: 0,
  retryBaseDelayMs: 250,
  retryMaxDelayMs: 10_000,
  breakerEnabled: true,
  breakerFailureThreshold: 5,
  breakerCooldownMs: 30_000,
  healthCheckIntervalMs: 0,
};

export async function failure(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

export const chatRequests = (fake: OpenAIFakeUpstream) => fake.requests().filter((request) => request.path.startsWith('/v1/chat/completions')).length;

export const routerSettings = (harness: TestGateway, input: Record<string, unknown>) =>
  harness.graphql('mutation($input: UpdateRouterSettingsInput!) { updateRouterSettings(input: $input) { maxRetries } }', { input });

export const deploy = (context: RouterContext, modelName: string, provider: keyof RouterContext['providers'], extra: Record<string, unknown> = {}) =>
  context.harness.createDeployment({ modelName, providerId: context.providers[provider], providerModel: 'gpt-4o-mini', ...extra });

export const fallback = (harness: TestGateway, modelName: string, fallbacks: string[]) =>
  harness.graphql('mutation($input: CreateFallbackRuleInput!) { createFallbackRule(input: $input) { id } }', { input: { modelName, fallbacks } });

export interface LoggedAttempt {
  requestId: string;
  attempts: number;
  status: number;
  errorCode: string | null;
}

export async function logsOf(harness: TestGateway, model: string): Promise<LoggedAttempt[]> {
  const data = await harness.graphql<{ requestLogs: { edges: Array<{ node: LoggedAttempt }> } }>(
    'query($model: String) { requestLogs(first: 20, model: $model) { edges { node { requestId attempts status errorCode } } } }',
    { model },
  );
  return data.requestLogs.edges.map((edge) => edge.node);
}

/** Starts the upstreams and the gateway, and creates one provider per upstream. */
export async function setUpRouterContext(context: RouterContext, target: DatabaseTarget): Promise<void> {
  [context.primary, context.backup, context.third, context.dropper] = await Promise.all([
    startOpenAIFakeUpstream(),
    startOpenAIFakeUpstream(),
    startOpenAIFakeUpstream(),
    startDroppingUpstream(),
  ]);
  context.harness = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl() });
  const create = (name: string, baseUrl: string, apiKey: string) => context.harness.createProvider({ name, type: 'openai', baseUrl, apiKey });
  context.providers = {
    primary: await create('primary', context.primary.provider.baseUrl, context.primary.apiKey),
    backup: await create('backup', context.backup.provider.baseUrl, context.backup.apiKey),
    third: await create('third', context.third.provider.baseUrl, context.third.apiKey),
    dropper: await create('dropper', context.dropper.baseUrl, 'sk-unused'),
  };
  context.client = context.harness.openai((await context.harness.createKey()).key);
}

export async function tearDownRouterContext(context: RouterContext): Promise<void> {
  await context.harness?.close();
  await Promise.all([context.primary?.close(), context.backup?.close(), context.third?.close(), context.dropper?.close()]);
}

/** Forgets what the upstreams were told and received, and puts the router settings back. */
export async function resetRouterContext(context: RouterContext): Promise<void> {
  for (const fake of [context.primary, context.backup, context.third]) fake.reset();
  await routerSettings(context.harness, baseline);
}

/**
 * Registers the shared set-up, reset and tear-down on a suite. uvu swallows errors thrown by hooks,
 * so they are printed before being rethrown.
 */
export function useRouterContext(test: Test<RouterContext>, target: DatabaseTarget): void {
  const visible = (hook: (context: RouterContext) => Promise<void>) => async (context: RouterContext) => {
    try {
      await hook(context);
    } catch (error) {
      console.error(error);
      throw error;
    }
  };
  test.before(visible((context) => setUpRouterContext(context, target)));
  test.after((context) => tearDownRouterContext(context));
  test.before.each(visible(resetRouterContext));
}
