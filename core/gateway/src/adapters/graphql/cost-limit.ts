/**
 * Refuses operations that select more than `maxCost` fields (fragments counted at each spread), so a
 * query or a subscription cannot ask for an unbounded amount of work per event through aliases and
 * repeated fragments.
 */
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export function costLimit(maxCost: number): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule((context: ValidationContext) => ({
        Document(document: DocumentNode) {
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
          }
          const costOf = (selectionSet: SelectionSetNode, seen: ReadonlySet<string>, budget: number): number => {
            let cost = 0;
            for (const selection of selectionSet.selections) {
              if (cost > budget) break;
              if (selection.kind === Kind.FIELD) {
                cost += 1;
                if (selection.selectionSet) cost += costOf(selection.selectionSet, seen, budget - cost);
              } else if (selection.kind === Kind.INLINE_FRAGMENT) {
                cost += costOf(selection.selectionSet, seen, budget - cost);
              } else {
                const name = selection.name.value;
                const fragment = fragments.get(name);
                if (fragment && !seen.has(name)) cost += costOf(fragment.selectionSet, new Set(seen).add(name), budget - cost);
              }
            }
            return cost;
          };
          for (const definition of document.definitions) {
            if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
            if (costOf(definition.selectionSet, new Set(), maxCost) > maxCost) {
              context.reportError(new GraphQLError(`Query is too expensive (selects more than ${maxCost} fields)`, { nodes: [definition], extensions: { code: 'QUERY_TOO_EXPENSIVE' } }));
            }
          }
        },
      }));
    },
  };
}
