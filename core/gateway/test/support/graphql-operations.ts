/**
 * Builds a valid operation for every root field of the schema, with the smallest literal for each
 * required argument, so tests can walk every query and mutation (the role matrix, the audit log).
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

function literalFor(type: GraphQLInputType): string {
  if (isNonNullType(type)) return literalFor(type.ofType);
  if (isListType(type)) return '[]';
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((field) => isNonNullType(field.type));
    return `{ ${fields.map((field) => `${field.name}: ${literalFor(field.type)}`).join(', ')} }`;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return '1';
      case 'Float':
        return '1.5';
      case 'Boolean':
        return 'true';
      case 'DateTime':
        return '"2099-01-01T00:00:00.000Z"';
      case 'JSON':
        return '{}';
      default:
        return '"walk-0000"';
    }
  }
  throw new Error(`no literal for ${String(type)}`);
}

function selectionFor(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isObjectType(named) || isInterfaceType(named) || isUnionType(named) ? ' { __typename }' : '';
}

/** One document per root field of `kind`, each selecting only __typename (or the scalar itself). */
export function rootOperations(schema: GraphQLSchema, kind: 'query' | 'mutation'): Array<{ name: string; document: string; requiredArgs: boolean }> {
  const root = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
  return Object.values(root.getFields()).map((field) => {
    const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
    const args = required.length > 0 ? `(${required.map((arg) => `${arg.name}: ${literalFor(arg.type)}`).join(', ')})` : '';
    return { name: field.name, document: `${kind} { ${field.name}${args}${selectionFor(field)} }`, requiredArgs: required.length > 0 };
  });
}
