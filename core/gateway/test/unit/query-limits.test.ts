import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GraphQLError, Kind, OperationTypeNode, parse, type DocumentNode, type SelectionSetNode } from 'graphql';
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
  // Built as a syntax tree, not parsed: graphql-js's own parser recurses per level, and how deep it
  // gets before the stack runs out differs between Node versions (the plugin turns that into an error).
  let selectionSet: SelectionSetNode = { kind: Kind.SELECTION_SET, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'b' } }] };
  for (let level = 0; level < 20_000; level++) {
    selectionSet = { kind: Kind.SELECTION_SET, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'a' }, selectionSet }] };
  }
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [{ kind: Kind.OPERATION_DEFINITION, operation: OperationTypeNode.QUERY, selectionSet }] };
  try {
    checkDocument(document, limits);
    assert.unreachable('a document 20,000 deep must be refused');
  } catch (error) {
    assert.instance(error, GraphQLError);
    assert.is((error as GraphQLError).extensions.limit, 'maxDepth');
  }
});

test.run();
