/**
 * Bounds what one GraphQL document may ask for, checked right after parsing and before validation
 * and execution run (graphql-js's overlapping-fields rule alone is quadratic in the fields of a
 * selection set): at most `maxTokens` tokens (graphql-js's own parser limit, which also bounds how
 * deep a document can nest), fields nested at most `maxDepth` deep, at most `maxFields` fields in
 * all and `maxAliases` aliases, counted with every fragment spread expanded. Each refusal is a
 * GraphQL error naming the limit. The walk keeps its own stack: a document's nesting cannot
 * overflow the process's.
 */
import { GraphQLError, Kind, parse, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface QueryLimits {
  maxTokens: number;
  maxDepth: number;
  /**
   * The depth allowed to an operation that only introspects (`__schema`, `__type`): the query
   * GraphiQL sends to load the schema nests `ofType` about a dozen levels deep.
   */
  maxIntrospectionDepth: number;
  maxFields: number;
  maxAliases: number;
}

export const defaultQueryLimits: QueryLimits = { maxTokens: 10_000, maxDepth: 12, maxIntrospectionDepth: 20, maxFields: 2_000, maxAliases: 20 };

interface Measure {
  /** Fields nested inside each other, a top-level field being 1. */
  depth: number;
  fields: number;
  aliases: number;
}

export function queryLimits(limits: QueryLimits = defaultQueryLimits): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        let document: DocumentNode;
        try {
          document = parse(source, { ...options, maxTokens: limits.maxTokens });
        } catch (error) {
          // A document just under the token limit can still nest deep enough to exhaust the parser's stack.
          if (error instanceof RangeError) throw limitError(`The document is nested too deeply to parse.`, 'maxTokens', limits.maxTokens);
          throw error;
        }
        checkDocument(document, limits);
        return document;
      });
    },
  };
}

/** Throws the GraphQL error for the first limit the document's operations break. */
export function checkDocument(document: DocumentNode, limits: QueryLimits): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = new Map<string, Measure>();
  const measuring = new Set<string>();

  const fragmentMeasure = (name: string): Measure => {
    const known = measured.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    // Unknown or cyclic spreads are validation's to report; here they add nothing.
    if (!fragment || measuring.has(name)) return { depth: 0, fields: 0, aliases: 0 };
    measuring.add(name);
    const measure = measureSelections(fragment.selectionSet, fragmentMeasure);
    measuring.delete(name);
    measured.set(name, measure);
    return measure;
  };

  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const measure = measureSelections(definition.selectionSet, fragmentMeasure);
    const introspection = definition.selectionSet.selections.every(
      (selection) => selection.kind === Kind.FIELD && (selection.name.value === '__schema' || selection.name.value === '__type' || selection.name.value === '__typename'),
    );
    const maxDepth = introspection ? limits.maxIntrospectionDepth : limits.maxDepth;
    if (measure.depth > maxDepth) throw limitError(`Query is nested too deeply (more than ${maxDepth} levels).`, introspection ? 'maxIntrospectionDepth' : 'maxDepth', maxDepth);
    if (measure.fields > limits.maxFields) throw limitError(`Query selects too many fields (more than ${limits.maxFields}, counting each fragment where it is spread).`, 'maxFields', limits.maxFields);
    if (measure.aliases > limits.maxAliases) throw limitError(`Query uses too many aliases (more than ${limits.maxAliases}).`, 'maxAliases', limits.maxAliases);
  }
}

/** Depth, fields and aliases under a selection set, walked with an explicit stack. */
function measureSelections(root: SelectionSetNode, fragmentMeasure: (name: string) => Measure): Measure {
  const total: Measure = { depth: 0, fields: 0, aliases: 0 };
  // Each entry: a selection set and the depth of the fields directly in it.
  const stack: Array<{ set: SelectionSetNode; depth: number }> = [{ set: root, depth: 1 }];
  while (stack.length > 0) {
    const { set, depth } = stack.pop()!;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        total.fields++;
        if (selection.alias) total.aliases++;
        if (depth > total.depth) total.depth = depth;
        if (selection.selectionSet) stack.push({ set: selection.selectionSet, depth: depth + 1 });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        stack.push({ set: selection.selectionSet, depth });
      } else {
        const spread = fragmentMeasure(selection.name.value);
        total.fields += spread.fields;
        total.aliases += spread.aliases;
        if (spread.depth > 0 && depth - 1 + spread.depth > total.depth) total.depth = depth - 1 + spread.depth;
      }
    }
  }
  return total;
}

function limitError(message: string, limit: keyof QueryLimits, value: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', limit, value } });
}
