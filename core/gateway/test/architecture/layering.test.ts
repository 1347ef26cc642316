// The layering of core/gateway/src (ARCHITECTURE.md), checked: every relative import must point to
// the importing file's own layer or to one the layer may use.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** The entry files at the root of src belong to the composition root. */
function layerOf(file: string, root: string = srcRoot): string {
  const relative = path.relative(root, file).split(path.sep);
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

export function layeringViolations(root: string = srcRoot): string[] {
  const violations: string[] = [];
  for (const file of sourceFiles(root)) {
    const layer = layerOf(file, root);
    const allowed = allowedImports[layer];
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(importPattern)) {
      const typeOnly = match[1]!.startsWith('import type');
      const target = path.resolve(path.dirname(file), match[2]!);
      const from = path.relative(root, file);
      if (!target.startsWith(root + path.sep)) {
        violations.push(`${from} imports ${match[2]} from outside src`);
        continue;
      }
      const targetLayer = layerOf(target, root);
      if (targetLayer === layer) continue;
      if (typeOnly && allowedTypeImports[layer]?.includes(targetLayer)) continue;
      if (!allowed) violations.push(`${from} is in no known layer ('${layer}')`);
      else if (!allowed.includes(targetLayer)) violations.push(`${from} (${layer}) imports ${path.relative(root, target)} (${targetLayer})`);
    }
  }
  return violations.sort();
}

test('every top-level folder of src is a layer', () => {
  const folders = readdirSync(srcRoot, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  assert.equal(folders.filter((name) => !(name in allowedImports)), []);
});

test('imports run one way: each layer imports only the layers below it', () => {
  assert.equal(layeringViolations(), []);
});

test('the check sees a wrong-way import', () => {
  // A tree where the engine imports infrastructure (by value) and the domain an adapter's type: both reported.
  const root = mkdtempSync(path.join(tmpdir(), 'layering-'));
  try {
    for (const [file, text] of Object.entries({
      'engine/cache.ts': "import { KeyRecord } from '../infrastructure/database/key-model.ts';\n",
      'infrastructure/database/key-model.ts': "import type { Key } from '../../ports/key-store.ts';\n",
      'ports/key-store.ts': "export interface Key { id: string }\n",
      'domain/money.ts': "import type { Route } from '../adapters/http/route.ts';\n",
      'adapters/http/route.ts': "import { Money } from '../../domain/money.ts';\n",
    })) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    assert.equal(layeringViolations(root), [
      'domain/money.ts (domain) imports adapters/http/route.ts (adapters)',
      'engine/cache.ts (engine) imports infrastructure/database/key-model.ts (infrastructure)',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
