/**
 * Starts the real gateway as its own process, as `npm start` runs it, with a
 * throwaway data dir and SQLite, waits until it is ready, and configures the realistic path over
 * GraphQL: a provider pointing at the fake upstream, a deployment and a price per bench model, and a
 * virtual key restricted to those models, with whatever limits and budgets the schema offers.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchModels } from '../bench-models.ts';
import { spawnChild, type ChildHandle } from './child-process-handle.ts';
import { generousLimits } from './generous-limits.ts';
import { graphqlClient } from './graphql-client.ts';

export interface GatewayProcess {
  handle: ChildHandle;
  origin: string;
  virtualKey: string;
  /** Limit and budget fields that were set (field=value), from the schema at run time. */
  limitsApplied: string[];
  /** Stops the gateway and removes its data dir. */
  stop(): Promise<void>;
}

export interface GatewayProcessOptions {
  repositoryRoot: string;
  upstreamOrigin: string;
  /** Run with --cpu-prof, writing the profile here on exit. */
  cpuProfileDir?: string;
  /** Extra environment, e.g. CONDUIT_WORKERS. */
  env?: Record<string, string>;
  /** Set generous limits and a budget wherever the schema has them (default true). */
  limits?: boolean;
  /** Extra node arguments after `npm start`'s own (so they win), for experiments (e.g. V8 flags). */
  nodeArguments?: string[];
}

const masterKey = 'bench-master-key-0123456789abcdef';

export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'conduit-bench-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    CONDUIT_DATA_DIR: dataDir,
    CONDUIT_MASTER_KEY: masterKey,
    CONDUIT_LOG_LEVEL: 'warn',
    CONDUIT_PLUGINS: path.join(options.repositoryRoot, 'plugins.json'),
    ...options.env,
  };
  // A developer's shell may point at a shared database; the benchmark always gets its own SQLite.
  if (!options.env?.DATABASE_URL) delete env.DATABASE_URL;
  if (!options.env?.REDIS_URL) delete env.REDIS_URL;
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const handle = spawnChild('gateway', [...profile, ...withNodeArguments(startArguments(options.repositoryRoot), options.nodeArguments ?? [])], { cwd: options.repositoryRoot, env });
  const origin = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await handle.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(handle, origin);
    const configured = await configure(origin, options.upstreamOrigin, options.limits ?? true);
    return { handle, origin, ...configured, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function configure(origin: string, upstreamOrigin: string, limits: boolean): Promise<{ virtualKey: string; limitsApplied: string[] }> {
  const graphql = graphqlClient(origin, masterKey);
  const provider = await graphql<{ createProvider: { id: string } }>(
    'mutation($input: CreateProviderInput!) { createProvider(input: $input) { id } }',
    { input: { name: 'bench-upstream', type: 'openai', baseUrl: `${upstreamOrigin}/v1`, apiKey: 'sk-bench-0000000000000000' } },
  );
  const none = { values: {}, applied: [] };
  const deploymentLimits = limits ? await generousLimits(graphql, 'CreateModelDeploymentInput', 'deployment.') : none;
  const keyLimits = limits ? await generousLimits(graphql, 'CreateVirtualKeyInput', 'virtualKey.') : none;
  for (const model of Object.values(benchModels)) {
    await graphql('mutation($input: CreateModelDeploymentInput!) { createModelDeployment(input: $input) { id } }', {
      input: { ...deploymentLimits.values, modelName: model, providerId: provider.createProvider.id, providerModel: model },
    });
    await graphql('mutation($input: CreateModelCostInput!) { createModelCost(input: $input) { id } }', {
      input: { model, inputPerMillion: 2.5, outputPerMillion: 10 },
    });
  }
  const key = await graphql<{ createVirtualKey: { key: string } }>(
    'mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { key } }',
    { input: { ...keyLimits.values, name: 'bench', allowedModels: ['bench-*'], metadata: { team: 'bench' } } },
  );
  return { virtualKey: key.createVirtualKey.key, limitsApplied: [...deploymentLimits.applied, ...keyLimits.applied] };
}

async function waitUntilReady(handle: ChildHandle, origin: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (handle.child.exitCode !== null) throw new Error(`the gateway exited during start:\n${handle.output()}`);
    try {
      const response = await fetch(`${origin}/health/ready`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the gateway was not ready within ${timeoutMs} ms:\n${handle.output()}`);
}

/** The node arguments of `npm start` (its script is `exec node <arguments>`), so the benchmark runs what users run. */
export function startArguments(repositoryRoot: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const words = (manifest.scripts?.start ?? '').trim().split(/\s+/);
  if (words[0] === 'exec') words.shift();
  if (words[0] !== 'node' || words.length < 2) throw new Error(`the start script should be "node <arguments>", not: ${manifest.scripts?.start}`);
  return words.slice(1);
}

/** `extra` inserted before the script (the first argument not starting with `-` after the flags). */
function withNodeArguments(start: string[], extra: string[]): string[] {
  const script = start.findLastIndex((word) => !word.startsWith('-'));
  return [...start.slice(0, script), ...extra, ...start.slice(script)];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
