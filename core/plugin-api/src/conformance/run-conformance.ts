/**
 * Registers the conformance checks as uvu suites, one per group, and lets uvu run them. Each check
 * gets a fresh fake upstream and a fresh client made by `plugin.create`. A check whose capabilities
 * the model does not declare (or that `options.skip` names) is skipped by name, with the reason
 * printed and counted by uvu; a declared capability's checks must pass.
 */
import { suite } from 'uvu';
import { capabilitiesOf as fullCapabilitiesOf, type ModelCapabilities } from '../capabilities.ts';
import { createHttpClient } from '../http-client.ts';
import type { ProviderPlugin } from '../provider-plugin.ts';
import type { ConformanceCheck, ConformanceScenario } from './conformance-check.ts';
import type { ConformanceOptions } from './conformance-options.ts';
import { conformanceGroups } from './conformance-groups.ts';
import { manifestChecks } from './manifest-checks.ts';
import { createPluginClient } from './testing/create-plugin-client.ts';
import { testCallOptions } from './testing/test-call-options.ts';
import { within } from './testing/within.ts';

export function runConformance<PluginOptions = Record<string, unknown>>(options: ConformanceOptions<PluginOptions>): void {
  const { plugin } = options;
  const capabilitiesOf = (model: string): ModelCapabilities => fullCapabilitiesOf(plugin, model);
  const chatCapabilities = capabilitiesOf(options.model);
  // The models of the checks that need their own (embeddings, moderations), with the option naming each.
  const ownModels = {
    embedding: { model: options.embeddingModel, option: 'embeddingModel' },
    moderation: { model: options.moderationModel, option: 'moderationModel' },
  } as const;
  const pluginOptions = (plugin.parseOptions ? plugin.parseOptions(options.pluginOptions ?? {}) : options.pluginOptions ?? {}) as PluginOptions;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const skipList = new Set(options.skip ?? []);
  const groups = [{ title: 'plugin', checks: manifestChecks(plugin as ProviderPlugin<never>) }, ...conformanceGroups];
  const known = new Set(groups.flatMap((group) => group.checks.map((check) => check.name)));
  for (const name of skipList) {
    if (!known.has(name)) throw new Error(`runConformance: options.skip names an unknown check: "${name}"`);
  }

  const skipReason = (check: ConformanceCheck): string | undefined => {
    if (skipList.has(check.name)) return 'listed in options.skip';
    if (check.model === 'embedding' || check.model === 'moderation') {
      const own = ownModels[check.model];
      if (!own.model) return `no ${own.option} given`;
      const capabilities = capabilitiesOf(own.model);
      const missing = check.requires.filter((name) => !capabilities[name]);
      if (missing.length > 0) return `${own.model} does not declare ${missing.join(', ')}`;
      return undefined;
    }
    const missing = check.requires.filter((name) => !chatCapabilities[name]);
    return missing.length > 0 ? `${options.model} does not declare ${missing.join(', ')}` : undefined;
  };

  let requestCount = 0;
  const runCheck = async (check: ConformanceCheck): Promise<void> => {
    const model = check.model === 'embedding' || check.model === 'moderation' ? ownModels[check.model].model! : options.model;
    const fake = await options.startFake();
    const http = createHttpClient({ timeouts: { connectMs: timeoutMs, firstByteMs: timeoutMs, idleMs: timeoutMs } });
    const client = createPluginClient(plugin, fake, {
      http,
      pluginOptions,
      provider: { id: 'conformance', name: `${plugin.name} (conformance)`, type: plugin.name },
    });
    const scenario: ConformanceScenario = {
      client,
      fake,
      model,
      credentials: fake.provider.credentials,
      call: (signal) => testCallOptions(signal, `conformance-${++requestCount}`),
      chatRequest: (fields) => ({ ...fields, model }),
    };
    try {
      const running = check.run(scenario);
      // If the time limit wins, the check's own late failure must not crash the process.
      running.catch(() => undefined);
      await within(running, `check "${check.name}"`, timeoutMs);
    } finally {
      // The fake first: closing it ends any request still held, so the HTTP client can close.
      await fake.close();
      await client.close?.();
      await http.close();
    }
  };

  const skipped: string[] = [];
  for (const group of groups) {
    const test = suite(`${plugin.name} conformance: ${group.title}`);
    for (const check of group.checks) {
      const reason = skipReason(check);
      if (reason) {
        skipped.push(`  skipped "${check.name}": ${reason}`);
        test.skip(check.name, () => undefined);
      } else {
        test(check.name, () => runCheck(check));
      }
    }
    test.run();
  }
  const total = groups.reduce((sum, group) => sum + group.checks.length, 0);
  console.log(
    `Conformance of provider plugin "${plugin.name}" with model ${options.model}: ${total - skipped.length} checks to run, ${skipped.length} skipped`,
  );
  for (const line of skipped) console.log(line);
}
