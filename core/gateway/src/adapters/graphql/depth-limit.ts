/**
 * Refuses queries nested deeper than a limit, so one request cannot fan out without bound.
 * Introspection (`__schema`, `__type` at the root) has its own, higher limit: the query GraphiQL
 * sends to load the schema nests `ofType` about a dozen levels deep.
 */
import { GraphQLError, Kind, type ASTNode, type DocumentNode, type FragmentDefinitionNode, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const introspectionMaxDepth = 20;

export function depthLimit(maxDepth: number): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule((context: ValidationContext) => ({
        Document(document: DocumentNode) {
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
          }
          let limit = maxDepth;
          const depthOf = (node: ASTNode, depth: number, seen: Set<string>): number => {
            if (depth > limit) return depth;
            if (node.kind === Kind.FIELD) {
              if (!node.selectionSet) return depth;
              return Math.max(depth, ...node.selectionSet.selections.map((child) => depthOf(child, depth + 1, seen)));
            }
            if (node.kind === Kind.INLINE_FRAGMENT) {
              return Math.max(depth, ...node.selectionSet.selections.map((child) => depthOf(child, depth, seen)));
            }
            if (node.kind === Kind.FRAGMENT_SPREAD) {
              const name = node.name.value;
              const fragment = fragments.get(name);
              if (!fragment || seen.has(name)) return depth;
              const next = new Set(seen).add(name);
              return Math.max(depth, ...fragment.selectionSet.selections.map((child) => depthOf(child, depth, next)));
            }
            if (node.kind === Kind.OPERATION_DEFINITION) {
              return Math.max(0, ...node.selectionSet.selections.map((child) => depthOf(child, 1, seen)));
            }
            return depth;
          };
          for (const definition of document.definitions) {
            if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
            for (const selection of definition.selectionSet.selections) {
              const introspection = selection.kind === Kind.FIELD && (selection.name.value === '__schema' || selection.name.value === '__type');
              limit = introspection ? introspectionMaxDepth : maxDepth;
              if (depthOf(selection, 1, new Set()) > limit) {
                context.reportError(new GraphQLError(`Query is nested too deeply (more than ${limit} levels)`, { nodes: [definition] }));
                break;
              }
            }
          }
        },
      }));
    },
  };
}
