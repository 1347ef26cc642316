/**
 * An error the gateway answers with on /v1, in OpenAI's shape. Thrown anywhere in the request path;
 * turned into a response in exactly one place (the openai-errors middleware).
 */
export type GatewayErrorType =
  /** Every refusal of the request itself, as OpenAI: bad input, a bad key (401), an unknown model (404). */
  | 'invalid_request_error'
  | 'permission_error'
  | 'rate_limit_error'
  /** A spent budget (OpenAI's type for an exhausted quota). */
  | 'insufficient_quota'
  /** The gateway or the provider behind it failed (OpenAI's type for its own 5xx). */
  | 'server_error';

export interface GatewayErrorOptions {
  status: number;
  message: string;
  type: GatewayErrorType;
  code?: string | null;
  param?: string | null;
  headers?: Record<string, string>;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly status: number;
  readonly type: GatewayErrorType;
  readonly code: string | null;
  readonly param: string | null;
  readonly headers: Record<string, string>;

  constructor(options: GatewayErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.status = options.status;
    this.type = options.type;
    this.code = options.code ?? null;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
  }

  toBody(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** The one answer for a model this key cannot reach, on every endpoint (as OpenAI words it). */
export const modelNotFound = (modelName: string): GatewayError =>
  new GatewayError({
    status: 404,
    type: 'invalid_request_error',
    code: 'model_not_found',
    param: 'model',
    message: `The model '${modelName}' does not exist or you do not have access to it.`,
  });

export const invalidRequest = (message: string, param: string | null = null, code: string | null = null): GatewayError =>
  new GatewayError({ status: 400, type: 'invalid_request_error', message, param, code });
