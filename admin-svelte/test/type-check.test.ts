/**
 * A schema change that breaks the UI fails `npm test`, twice over: every GraphQL document the UI
 * sends is validated against schema/schema.graphql (graphql-js), and the app is type-checked with
 * svelte-check against types gql.tada generates from that schema (so a page reading a field the
 * schema no longer has, or passing a wrong input, does not compile).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildSchema, validate, type DocumentNode } from 'graphql';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repositoryRoot } from './support/build-ui.ts';

const adminRoot = join(repositoryRoot, 'admin-svelte');
const envFile = join(adminRoot, 'src', 'lib', 'graphql', 'graphql-env.d.ts');
const require = createRequire(join(adminRoot, 'package.json'));

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [command, ...args], { cwd: adminRoot, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/** `gql-tada generate output`: the schema's introspection types, written to src/lib/graphql/graphql-env.d.ts. */
function generateTypes(): void {
  const cli = join(dirname(require.resolve('gql.tada/package.json')), 'bin', 'cli.js');
  const result = run(cli, ['generate', 'output', '--tsconfig', './tsconfig.json', '--output', envFile]);
  assert.is(result.status, 0, result.output);
}

test('the UI type-checks against the committed schema (svelte-check, warnings fail too)', async () => {
  generateTypes();
  const svelteCheck = join(dirname(require.resolve('svelte-check/package.json')), 'bin', 'svelte-check');
  const result = run(svelteCheck, ['--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'machine']);
  assert.is(result.status, 0, result.output.split('\n').filter((line) => /ERROR|WARNING/.test(line)).slice(0, 20).join('\n'));
  assert.match(result.output, /COMPLETED \d+ FILES 0 ERRORS 0 WARNINGS/);
});

const operationModules = readdirSync(join(adminRoot, 'src', 'lib', 'graphql', 'operations')).filter((name) => name.endsWith('.ts'));

async function operations(): Promise<Array<[string, DocumentNode]>> {
  const found: Array<[string, DocumentNode]> = [];
  for (const file of operationModules) {
    const module = (await import(join(adminRoot, 'src', 'lib', 'graphql', 'operations', file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      const document = value as DocumentNode;
      // Fragments are checked inside the operations that spread them.
      if (document?.kind === 'Document' && document.definitions.some((definition) => definition.kind === 'OperationDefinition')) found.push([name, document]);
    }
  }
  return found;
}

/** The schema as the UI's documents see it: gql.tada's client-only @_unmask directive added. */
function schemaFrom(text: string) {
  return buildSchema(`${text}\ndirective @_unmask on FRAGMENT_DEFINITION\n`);
}

test('every operation the UI sends is valid against schema/schema.graphql', async () => {
  const schema = schemaFrom(readFileSync(join(repositoryRoot, 'schema', 'schema.graphql'), 'utf8'));
  const documents = await operations();
  assert.ok(documents.length >= 40, `found only ${documents.length} operations`);
  for (const [name, document] of documents) {
    const errors = validate(schema, document);
    assert.equal(errors.map((error) => error.message), [], `${name} is not valid against the schema`);
  }
});

test('an operation that reads a field the schema dropped is refused, naming the field', async () => {
  const schema = readFileSync(join(repositoryRoot, 'schema', 'schema.graphql'), 'utf8');
  const broken = schema.replace(/(type ModelCost \{[\s\S]*?)\n  inputPerMillion: Float!/, '$1');
  assert.is.not(broken, schema, 'the schema has ModelCost.inputPerMillion to drop');
  const failures = (await operations()).flatMap(([name, document]) => validate(schemaFrom(broken), document).map((error) => `${name}: ${error.message}`));
  assert.ok(failures.some((failure) => /^Prices: Cannot query field "inputPerMillion" on type "ModelCost"/.test(failure)), failures.join('\n'));
});

test.run();
