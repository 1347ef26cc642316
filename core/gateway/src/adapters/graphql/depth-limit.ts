/** Refuses queries nested deeper than a limit, so one request cannot fan out without bound. */
import { GraphQLError, Kind, type ASTNode, type DocumentNode, type FragmentDefinitionNode, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export function depthLimit(maxDepth: number): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule((context: ValidationContext) => ({
        Document(document: DocumentNode) {
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
          }
          const depthOf = (node: ASTNode, depth: number, seen: Set<string>): number => {
            if (depth > maxDepth) return depth;
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
            const depth = depthOf(definition, 0, new Set());
            if (depth > maxDepth) {
              context.reportError(new GraphQLError(`Query is nested too deeply (more than ${maxDepth} levels)`, { nodes: [definition] }));
            }
          }
        },
      }));
    },
  };
}
