/** Prints the GraphQL schema (from Pothos) to schema/schema.graphql; a test fails when it is stale. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { buildSchema } from '../core/gateway/src/adapters/graphql/schema.ts';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schema/schema.graphql');
writeFileSync(target, `${printSchema(buildSchema())}\n`);
process.stdout.write(`wrote ${target}\n`);
