/** Calls the gateway's admin GraphQL API with the master key; GraphQL errors become thrown Errors. */
export type GraphQLCall = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export function graphqlClient(origin: string, masterKey: string): GraphQLCall {
  return async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${masterKey}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((error) => error.message).join('; ')}`);
    if (!response.ok || body.data === undefined) throw new Error(`GraphQL answered HTTP ${response.status}`);
    return body.data;
  };
}
