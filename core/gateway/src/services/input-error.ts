/** Invalid admin input: names the field and what is wrong. GraphQL shows it as BAD_USER_INPUT. */
export class InputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InputError';
  }
}

export class NotFoundError extends Error {
  constructor(entity: string, id: string) {
    super(`${entity} '${id}' does not exist`);
    this.name = 'NotFoundError';
  }
}
