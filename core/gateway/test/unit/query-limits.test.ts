import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GraphQLError, parse } from 'graphql';
import { checkDocument, type QueryLimits } from '../../src/adapters/graphql/query-limits.ts';

const limits: QueryLimits = { maxTokens: 10_000, maxDepth: 3, maxIntrospectionDepth: 5, maxFields: 10, maxAliases: 2 };

function refusal(source: string): string | undefined {
  try {
    checkDocument(parse(source), limits);
    return undefined;
  } catch (error) {
    assert.instance(error, GraphQLError);
    return String((error as GraphQLError).extensions.limit);
  }
}

test('depth counts fields inside each other, through inline fragments and spreads', () => {
  assert.is(refusal('{ a { b { c } } }'), undefined);
  assert.is(refusal('{ a { b { c { d } } } }'), 'maxDepth');
  assert.is(refusal('{ a { ... on T { b { c { d } } } } }'), 'maxDepth');
  assert.is(refusal('{ a { ...F } } fragment F on T { b { c { d } } }'), 'maxDepth');
  assert.is(refusal('{ a { ...F } } fragment F on T { b { c } }'), undefined);
});

test('fields and aliases count every spread of a fragment', () => {
  assert.is(refusal('{ a { ...F ...F } } fragment F on T { b c d e }'), undefined);
  assert.is(refusal('{ a { ...F ...F ...F } } fragment F on T { b c d e }'), 'maxFields');
  assert.is(refusal('{ x: a y: a }'), undefined);
  assert.is(refusal('{ a { ...F ...F } } fragment F on T { x: b y: c }'), 'maxAliases');
});

test('cyclic and unknown fragments end the walk (validation reports them)', () => {
  assert.is(refusal('{ a { ...F } } fragment F on T { b ...G } fragment G on T { c ...F }'), undefined);
  assert.is(refusal('{ a { ...Missing } }'), undefined);
});

test('a document nested thousands deep is measured without recursion per level', () => {
  const deep = `{ ${'a { '.repeat(2_000)}b${' }'.repeat(2_000)} }`;
  assert.is(refusal(deep), 'maxDepth');
});

test.run();
