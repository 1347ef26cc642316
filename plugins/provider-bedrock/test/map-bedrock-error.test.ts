import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mapBedrockHttpError, mapStreamException } from '../src/map-bedrock-error.ts';

type Sample = { status: number; headers: Record<string, string>; body: string };
const samples = JSON.parse(readFileSync(new URL('./fixtures/errors.json', import.meta.url), 'utf8')) as Record<string, Sample>;
const mapped = (name: string) => {
  const sample = samples[name]!;
  return mapBedrockHttpError(sample.status, sample.headers, sample.body);
};

test('ThrottlingException and ServiceQuotaExceededException are retryable rate limits', () => {
  assert.equal([mapped('throttling').code, mapped('throttling').retryable, mapped('throttling').providerCode], ['rate_limit', true, 'ThrottlingException']);
  assert.is(mapped('throttling').message, 'Too many requests, please wait before trying again.');
  assert.is(mapped('quota').code, 'rate_limit');
});

test('retry-after, when sent, becomes retryAfterMs', () => {
  const error = mapBedrockHttpError(429, { ...samples.throttling!.headers, 'retry-after': '3' }, samples.throttling!.body);
  assert.is(error.retryAfterMs, 3000);
});

test('signature, token and API key failures are authentication', () => {
  for (const name of ['unrecognizedClient', 'invalidSignature', 'expiredToken', 'badApiKey', 'missingToken']) {
    assert.is(mapped(name).code, 'authentication', name);
    assert.is(mapped(name).retryable, false, name);
  }
  assert.is(mapped('expiredToken').providerCode, 'ExpiredTokenException');
});

test('AccessDeniedException for a model is permission, with the capitalised Message read', () => {
  const error = mapped('accessDenied');
  assert.is(error.code, 'permission');
  assert.match(error.message, /not authorized to perform: bedrock:InvokeModel/);
});

test('ValidationException is bad_request, or context_length when the input is too long', () => {
  assert.is(mapped('validation').code, 'bad_request');
  assert.is(mapped('inputTooLong').code, 'context_length');
  assert.is(mapped('tooManyInputTokens').code, 'context_length');
});

test('model and service states map to overloaded, timeout, server and not_found', () => {
  assert.equal([mapped('modelNotReady').code, mapped('modelNotReady').retryable], ['overloaded', true]);
  assert.equal([mapped('modelTimeout').code, mapped('modelTimeout').retryable], ['timeout', true]);
  assert.equal([mapped('serviceUnavailable').code, mapped('serviceUnavailable').status], ['overloaded', 503]);
  assert.is(mapped('internal').code, 'server');
  assert.is(mapped('notFound').code, 'not_found');
});

test('a body that is not JSON still gives a message and the status-derived code', () => {
  const error = mapBedrockHttpError(502, {}, '<html>Bad Gateway</html>');
  assert.equal([error.code, error.message], ['server', 'Bad Gateway']);
});

test('stream exceptions map by their camel-cased type', () => {
  assert.equal(
    ['throttlingException', 'modelStreamErrorException', 'validationException', 'internalServerException', 'serviceUnavailableException'].map(
      (type) => mapStreamException(type, { message: 'x' }).code,
    ),
    ['rate_limit', 'server', 'bad_request', 'server', 'overloaded'],
  );
  const streamError = mapStreamException('modelStreamErrorException', { message: 'Model failed', originalStatusCode: 500, originalMessage: 'boom' });
  assert.equal([streamError.providerCode, streamError.status, streamError.message], ['ModelStreamErrorException', 500, 'Model failed']);
  assert.is(mapStreamException('validationException', { message: 'Input is too long for requested model.' }).code, 'context_length');
});

test.run();
