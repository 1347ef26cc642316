// Sequelize models are bound per database (ARCHITECTURE.md): no model class is exported as a value
// to call statically, and only openDatabase defines a set, so nothing else can hold one globally.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const srcRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');
const modelsDir = path.join(srcRoot, 'infrastructure/database/models');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Model files that export a model class as a value (callable as `XRecord.findAll`). */
export function globalModelExports(files: ReadonlyArray<{ name: string; text: string }>): string[] {
  return files.filter(({ text }) => /^export (abstract )?class \w+ extends Model\b/m.test(text)).map(({ name }) => name);
}

/** Files other than open-database.ts (and define-models.ts itself) that define a set of models. */
export function otherDefiners(files: ReadonlyArray<{ name: string; text: string }>): string[] {
  const allowed = ['infrastructure/database/open-database.ts', 'infrastructure/database/models/define-models.ts'];
  return files.filter(({ name, text }) => !allowed.includes(name) && /\bdefine\w*Models?\(|\bdefine\w+Record\(/.test(text)).map(({ name }) => name);
}

const read = (files: string[]) => files.map((file) => ({ name: path.relative(srcRoot, file), text: readFileSync(file, 'utf8') }));

test('no model class is exported as a value', () => {
  const models = read(sourceFiles(modelsDir).filter((file) => file.endsWith('-model.ts')));
  assert.ok(models.length >= 15, 'the model files are found');
  assert.equal(globalModelExports(models), []);
});

test('only openDatabase defines the models of a database', () => {
  assert.equal(otherDefiners(read(sourceFiles(srcRoot)).filter(({ name }) => !name.startsWith('infrastructure/database/models/'))), []);
});

test('the checks see a global model and a second definer', () => {
  assert.equal(globalModelExports([{ name: 'x-model.ts', text: 'export class XRecord extends Model<A, B> {}' }]), ['x-model.ts']);
  assert.equal(otherDefiners([{ name: 'engine/cache.ts', text: 'const models = defineModels(sequelize);' }]), ['engine/cache.ts']);
  assert.equal(otherDefiners([{ name: 'infrastructure/database/open-database.ts', text: 'const models = defineModels(sequelize);' }]), []);
});

test.run();
