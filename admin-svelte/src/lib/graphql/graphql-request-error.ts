/** A GraphQL or transport failure, with the input field the server blamed when it named one. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

export class GraphQLRequestError extends Error {
  readonly errors: GraphQLErrorEntry[];
  readonly status: number | undefined;

  constructor(errors: GraphQLErrorEntry[], status?: number) {
    super(errors.map((error) => error.message).join('; ') || 'The request failed');
    this.name = 'GraphQLRequestError';
    this.errors = errors;
    this.status = status;
  }

  /** True when the admin key was refused (the session should end). */
  get unauthenticated(): boolean {
    return this.status === 401 || this.errors.some((error) => error.extensions?.code === 'UNAUTHENTICATED');
  }

  /**
   * The input field the server blamed, without the `input.` prefix of the mutation argument
   * (`inputPerMillion`, `options.region`, `data.row3.model`). Service errors name it in
   * extensions.field; GraphQL's own coercion errors only in their text (`at "input.rpm"`).
   */
  get field(): string | undefined {
    for (const error of this.errors) {
      const named = typeof error.extensions?.field === 'string' ? error.extensions.field : /at "([^"]+)"/.exec(error.message)?.[1];
      if (named) return named.replace(/^input\./, '');
    }
    return undefined;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
