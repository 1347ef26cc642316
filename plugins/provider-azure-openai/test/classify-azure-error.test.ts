import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mapHttpError, readErrorBody } from '@conduit/plugin-api';
import { classifyAzureError } from '../src/classify-azure-error.ts';
import { mapAzureModels } from '../src/map-azure-models.ts';

const body = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function mapped(status: number, name: string, headers: Record<string, string> = {}) {
  const details = readErrorBody(body(name));
  return mapHttpError({ status, headers, ...details, code: classifyAzureError(status, details), providerLabel: 'Azure OpenAI' });
}

test('a content filter refusal (400, code content_filter) is content_filter and not retryable', () => {
  const error = mapped(400, 'error-content-filter.json');
  assert.is(error.code, 'content_filter');
  assert.is(error.retryable, false);
  assert.is(error.param, 'prompt');
  assert.match(error.message, /content management policy/);
});

test('Azure’s 401 is authentication', () => {
  const error = mapped(401, 'error-401.json');
  assert.is(error.code, 'authentication');
  assert.match(error.message, /invalid subscription key/);
});

test('a 429 reads retry-after-ms before retry-after', () => {
  const error = mapped(429, 'error-429.json', { 'retry-after': '6', 'retry-after-ms': '5500' });
  assert.is(error.code, 'rate_limit');
  assert.is(error.retryable, true);
  assert.is(error.retryAfterMs, 5500);
  assert.is(mapped(429, 'error-429.json', { 'retry-after': '6' }).retryAfterMs, 6000);
});

test('context_length_exceeded is context_length', () => {
  assert.is(mapped(400, 'error-context-length.json').code, 'context_length');
});

test('an unknown deployment is not_found', () => {
  assert.is(mapped(404, 'error-deployment-not-found.json').code, 'not_found');
});

test('other statuses keep the status-derived code', () => {
  assert.is(classifyAzureError(500, { message: 'The server had an error' }), undefined);
  assert.is(classifyAzureError(400, { message: 'Invalid value for temperature' }), undefined);
});

test('the model list maps created_at and capabilities', () => {
  const models = mapAzureModels(JSON.parse(body('models-list.json')));
  assert.equal(models[0], { id: 'curie', created: 1646126127, capabilities: { chat: false, completions: true, embeddings: false } });
  assert.is(models[1]?.capabilities?.chat, true);
});

test.run();
