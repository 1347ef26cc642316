// The layering of core/gateway/src (ARCHITECTURE.md), checked: every relative import must point to
// the importing file's own layer or to one the layer may use.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const srcRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** Each layer and the layers it may import from (its own is always allowed). */
export const allowedImports: Record<string, readonly string[]> = {
  domain: [],
  ports: ['domain'],
  infrastructure: ['domain', 'ports'],
  engine: ['domain', 'ports'],
  services: ['domain', 'ports', 'engine', 'infrastructure'],
  pipeline: ['domain', 'ports', 'engine', 'services'],
  adapters: ['domain', 'ports', 'engine', 'services', 'pipeline'],
  composition: ['domain', 'ports', 'engine', 'services', 'pipeline', 'adapters', 'infrastructure'],
};

/**
 * Type-only imports a layer may make beyond its rule: the GraphQL object types and the health route
 * describe the records the services hand them.
 */
export const allowedTypeImports: Record<string, readonly string[]> = {
  adapters: ['infrastructure'],
};

/**
 * Wrong-way imports that are known and being removed. The list may only shrink: an entry that no
 * longer occurs fails the test too, so it is deleted with the fix.
 */
const knownDebts: readonly string[] = [
  'engine/health/health-checker.ts (engine) imports infrastructure/database/models/provider-health-model.ts (infrastructure)',
  'engine/ip-filter/ip-filter-state.ts (engine) imports infrastructure/database/models/ip-filter-model.ts (infrastructure)',
  'engine/ip-filter/ip-filter-state.ts (engine) imports infrastructure/database/setting-values.ts (infrastructure)',
  'engine/keys/key-group-cache.ts (engine) imports infrastructure/database/models/key-group-model.ts (infrastructure)',
  'engine/keys/virtual-key-cache.ts (engine) imports infrastructure/database/models/virtual-key-model.ts (infrastructure)',
  'engine/limits/admission-settlement.ts (engine) imports infrastructure/database/request-log-writer.ts (infrastructure)',
  'engine/limits/budget-counters.ts (engine) imports infrastructure/database/request-log-writer.ts (infrastructure)',
  'engine/limits/limit-defaults.ts (engine) imports infrastructure/database/setting-values.ts (infrastructure)',
  'engine/notifications/key-expiry-scanner.ts (engine) imports infrastructure/database/models/virtual-key-model.ts (infrastructure)',
  'engine/notifications/notification-center.ts (engine) imports infrastructure/database/models/notification-model.ts (infrastructure)',
  'engine/notifications/webhook-delivery.ts (engine) imports infrastructure/database/models/notification-model.ts (infrastructure)',
  'engine/notifications/webhook-settings.ts (engine) imports infrastructure/database/setting-values.ts (infrastructure)',
  'engine/routing/router-settings.ts (engine) imports infrastructure/database/models/router-settings-model.ts (infrastructure)',
  'engine/state/config-snapshot.ts (engine) imports infrastructure/database/models/fallback-rule-model.ts (infrastructure)',
  'engine/state/config-snapshot.ts (engine) imports infrastructure/database/models/model-cost-model.ts (infrastructure)',
  'engine/state/config-snapshot.ts (engine) imports infrastructure/database/models/model-deployment-model.ts (infrastructure)',
  'engine/state/config-snapshot.ts (engine) imports infrastructure/database/models/provider-model.ts (infrastructure)',
  'engine/state/config-snapshot.ts (engine) imports infrastructure/database/models/router-settings-model.ts (infrastructure)',
  'engine/usage/usage-recorder.ts (engine) imports infrastructure/database/request-log-writer.ts (infrastructure)',
];

/** The entry files at the root of src belong to the composition root. */
function layerOf(file: string): string {
  const relative = path.relative(srcRoot, file).split(path.sep);
  return relative.length === 1 ? 'composition' : relative[0]!;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const importPattern = /(import\s+type\s[^;]*?from\s+|from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

export function layeringViolations(): string[] {
  const violations: string[] = [];
  for (const file of sourceFiles(srcRoot)) {
    const layer = layerOf(file);
    const allowed = allowedImports[layer];
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(importPattern)) {
      const typeOnly = match[1]!.startsWith('import type');
      const target = path.resolve(path.dirname(file), match[2]!);
      const from = path.relative(srcRoot, file);
      if (!target.startsWith(srcRoot + path.sep)) {
        violations.push(`${from} imports ${match[2]} from outside src`);
        continue;
      }
      const targetLayer = layerOf(target);
      if (targetLayer === layer) continue;
      if (typeOnly && allowedTypeImports[layer]?.includes(targetLayer)) continue;
      if (!allowed) violations.push(`${from} is in no known layer ('${layer}')`);
      else if (!allowed.includes(targetLayer)) violations.push(`${from} (${layer}) imports ${path.relative(srcRoot, target)} (${targetLayer})`);
    }
  }
  return violations.sort();
}

test('every top-level folder of src is a layer', () => {
  const folders = readdirSync(srcRoot, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  assert.equal(folders.filter((name) => !(name in allowedImports)), []);
});

test('imports run one way: each layer imports only the layers below it', () => {
  assert.equal(layeringViolations().filter((violation) => !knownDebts.includes(violation)), []);
});

test('every known debt still occurs (delete it from the list once fixed)', () => {
  const violations = layeringViolations();
  assert.equal(knownDebts.filter((debt) => !violations.includes(debt)), []);
});

test('the check sees a wrong-way import', () => {
  // A domain file importing an adapter must be reported: the check itself can fail.
  const layer = layerOf(path.join(srcRoot, 'domain', 'x.ts'));
  assert.is(layer, 'domain');
  assert.not.ok(allowedImports.domain!.includes('adapters'));
  assert.ok(allowedImports.adapters!.includes('domain'));
});

test.run();
