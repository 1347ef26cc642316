import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProviderError, type ProviderErrorCode } from '../src/provider-error.ts';

test('rate_limit, overloaded, server, timeout and connection are retryable by default', () => {
  const retryable: ProviderErrorCode[] = ['rate_limit', 'overloaded', 'server', 'timeout', 'connection'];
  for (const code of retryable) assert.is(new ProviderError({ code, message: 'x' }).retryable, true, code);
});

test('the other codes are not retryable by default', () => {
  const final: ProviderErrorCode[] = [
    'authentication',
    'permission',
    'not_found',
    'bad_request',
    'context_length',
    'content_filter',
    'unsupported',
    'invalid_response',
    'aborted',
  ];
  for (const code of final) assert.is(new ProviderError({ code, message: 'x' }).retryable, false, code);
});

test('an explicit retryable overrides the default', () => {
  assert.is(new ProviderError({ code: 'server', message: 'x', retryable: false }).retryable, false);
  assert.is(new ProviderError({ code: 'bad_request', message: 'x', retryable: true }).retryable, true);
});

test('the fields are kept, the phase defaults to before-output and the cause is attached', () => {
  const cause = new Error('socket hang up');
  const error = new ProviderError({
    code: 'rate_limit',
    message: 'Slow down',
    status: 429,
    retryAfterMs: 1500,
    providerCode: 'rate_limit_exceeded',
    param: 'model',
    cause,
  });
  assert.instance(error, Error);
  assert.is(error.name, 'ProviderError');
  assert.equal(
    [error.code, error.message, error.status, error.retryAfterMs, error.providerCode, error.param, error.phase],
    ['rate_limit', 'Slow down', 429, 1500, 'rate_limit_exceeded', 'model', 'before-output'],
  );
  assert.is(error.cause, cause);
  assert.is(new ProviderError({ code: 'server', message: 'x' }).cause, undefined);
});

test('midStream returns a copy marked mid-stream and leaves the original alone', () => {
  const original = new ProviderError({ code: 'server', message: 'boom', status: 500, retryAfterMs: 10 });
  const moved = original.midStream();
  assert.is.not(moved, original);
  assert.is(moved.phase, 'mid-stream');
  assert.is(original.phase, 'before-output');
  assert.equal(
    [moved.code, moved.message, moved.status, moved.retryable, moved.retryAfterMs],
    ['server', 'boom', 500, true, 10],
  );
  assert.is(moved.midStream(), moved, 'an error already mid-stream is returned as is');
});

test('isInstance recognises a ProviderError from another copy of the package', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'conduit-provider-error-'));
  try {
    const copy = join(directory, 'provider-error.ts');
    copyFileSync(new URL('../src/provider-error.ts', import.meta.url), copy);
    const other = (await import(pathToFileURL(copy).href)) as typeof import('../src/provider-error.ts');
    assert.is.not(other.ProviderError, ProviderError, 'the copy is a distinct class');
    const foreign = new other.ProviderError({ code: 'server', message: 'from the other copy' });
    assert.not.instance(foreign, ProviderError);
    assert.ok(ProviderError.isInstance(foreign));
    assert.ok(other.ProviderError.isInstance(new ProviderError({ code: 'server', message: 'x' })));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('isInstance refuses what is not a ProviderError', () => {
  assert.not.ok(ProviderError.isInstance(new Error('plain')));
  assert.not.ok(ProviderError.isInstance({ code: 'server', message: 'look-alike' }));
  assert.not.ok(ProviderError.isInstance({ [Symbol.for('conduit.provider-error')]: 'yes' }));
  assert.not.ok(ProviderError.isInstance(null));
  assert.not.ok(ProviderError.isInstance('ProviderError'));
});

test('toOptions round-trips', () => {
  const error = new ProviderError({ code: 'timeout', message: 'late', phase: 'mid-stream', retryable: false });
  const again = new ProviderError(error.toOptions());
  assert.equal(again.toOptions(), error.toOptions());
});

test.run();
