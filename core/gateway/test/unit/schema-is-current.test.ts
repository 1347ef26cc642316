import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildSchema } from '../../src/adapters/graphql/schema.ts';

test('schema/schema.graphql matches the schema the code builds (run `npm run print-schema`)', () => {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../schema/schema.graphql');
  assert.fixture(readFileSync(file, 'utf8'), `${printSchema(buildSchema())}\n`);
});

test.run();
