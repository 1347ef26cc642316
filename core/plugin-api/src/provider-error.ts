/**
 * The one error type a provider plugin throws. The router reads `retryable`, `retryAfterMs` and
 * `phase` to decide whether another deployment may still serve the request; the gateway turns it
 * into an OpenAI error body. Messages must never contain credentials.
 */
const marker = Symbol.for('conduit.provider-error');

export type ProviderErrorCode =
  | 'authentication' // the provider rejected the gateway's credentials
  | 'permission' // the credentials may not use this model or feature
  | 'not_found' // unknown model or endpoint at the provider
  | 'bad_request' // the provider refused the request as invalid
  | 'context_length' // the prompt (plus max tokens) exceeds the model's context window
  | 'content_filter' // the provider's safety system refused the request or the answer
  | 'rate_limit' // the provider throttled us
  | 'overloaded' // the provider is temporarily out of capacity
  | 'server' // the provider failed (5xx)
  | 'timeout' // no answer in time (connect, first byte, or between chunks)
  | 'connection' // the connection could not be made or broke
  | 'unsupported' // the plugin or model cannot do what was asked
  | 'invalid_response' // the provider answered with something the plugin could not read
  | 'aborted'; // the caller aborted (client disconnect)

/** `before-output`: nothing reached the client yet, another deployment may take over. */
export type ProviderErrorPhase = 'before-output' | 'mid-stream';

export interface ProviderErrorOptions {
  code: ProviderErrorCode;
  message: string;
  /** The upstream HTTP status, when there was one. */
  status?: number;
  /** Defaults by code: rate_limit, overloaded, server, timeout and connection are retryable. */
  retryable?: boolean;
  retryAfterMs?: number;
  phase?: ProviderErrorPhase;
  /** The provider's own error type or code, for logs (e.g. `overloaded_error`). */
  providerCode?: string;
  /** OpenAI-style `param` naming the offending field, when the provider says. */
  param?: string;
  cause?: unknown;
}

const retryableCodes: ReadonlySet<ProviderErrorCode> = new Set([
  'rate_limit',
  'overloaded',
  'server',
  'timeout',
  'connection',
]);

export class ProviderError extends Error {
  readonly [marker] = true;
  readonly code: ProviderErrorCode;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly phase: ProviderErrorPhase;
  readonly providerCode: string | undefined;
  readonly param: string | undefined;

  constructor(options: ProviderErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
    this.code = options.code;
    this.status = options.status;
    this.retryable = options.retryable ?? retryableCodes.has(options.code);
    this.retryAfterMs = options.retryAfterMs;
    this.phase = options.phase ?? 'before-output';
    this.providerCode = options.providerCode;
    this.param = options.param;
  }

  /** True for a ProviderError from any copy of this package. */
  static isInstance(value: unknown): value is ProviderError {
    return typeof value === 'object' && value !== null && (value as { [marker]?: unknown })[marker] === true;
  }

  /** The same error, marked as having happened after output reached the client. */
  midStream(): ProviderError {
    if (this.phase === 'mid-stream') return this;
    return new ProviderError({ ...this.toOptions(), phase: 'mid-stream' });
  }

  /**
   * The same error, marked as having happened before any output reached the client: a plugin that
   * held back what it had read (a role-only chunk) sent nothing yet, so another deployment may serve.
   */
  beforeOutput(): ProviderError {
    if (this.phase === 'before-output') return this;
    return new ProviderError({ ...this.toOptions(), phase: 'before-output' });
  }

  toOptions(): ProviderErrorOptions {
    return {
      code: this.code,
      message: this.message,
      status: this.status,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      phase: this.phase,
      providerCode: this.providerCode,
      param: this.param,
      cause: this.cause,
    };
  }
}
