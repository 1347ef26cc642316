/**
 * An open subscription lives only as long as the credential that opened it: when the admin token is
 * revoked (here or on another instance) or expires, the subscription sends one last result carrying
 * an UNAUTHENTICATED error and ends. Over SSE the stream then ends; graphql-ws connections are closed
 * with 4401 besides (graphql-ws-server.ts). Applies to both transports, since both run through yoga.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { CredentialLapsedError, type CredentialLease } from '../../services/admin-session-guard.ts';
import type { AdminIdentity } from '../../domain/admin-identity.ts';

export interface CredentialWatch {
  /** Undefined: the credential never lapses. */
  watch(identity: AdminIdentity): CredentialLease | undefined;
}

export function endLapsedSubscriptions(guard: CredentialWatch): Plugin<{ admin: AdminIdentity }> {
  return {
    onSubscribe({ args }) {
      const admin = args.contextValue.admin;
      return {
        onSubscribeResult({ result, setResult }) {
          if (!isAsyncIterable(result)) return;
          const lease = guard.watch(admin);
          if (lease) setResult(new LapsingIterator(result, lease));
        },
      };
    },
  };
}

export function lapsedError(reason: unknown): GraphQLError {
  const message = reason instanceof CredentialLapsedError ? reason.message : 'Unauthorized: the credential no longer works';
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

/** The source's results until the lease aborts; then one error result, and done. */
class LapsingIterator implements AsyncIterableIterator<ExecutionResult> {
  private readonly source: AsyncIterator<ExecutionResult>;
  private readonly lapsed: Promise<'lapsed'>;
  private onLapse: (() => void) | undefined;
  private finished = false;

  constructor(
    source: AsyncIterable<ExecutionResult>,
    private readonly lease: CredentialLease,
  ) {
    this.source = source[Symbol.asyncIterator]();
    this.lapsed = new Promise((resolve) => {
      if (lease.signal.aborted) return resolve('lapsed');
      this.onLapse = () => resolve('lapsed');
      lease.signal.addEventListener('abort', this.onLapse, { once: true });
    });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.finished) return { value: undefined, done: true };
    const next = await Promise.race([this.source.next(), this.lapsed]);
    if (next === 'lapsed') {
      await this.finish();
      return { value: { errors: [lapsedError(this.lease.signal.reason)] }, done: false };
    }
    if (next.done) await this.finish();
    return next;
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    await this.finish();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.finish();
    throw error;
  }

  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (this.onLapse) this.lease.signal.removeEventListener('abort', this.onLapse);
    this.lease.release();
    await this.source.return?.();
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
