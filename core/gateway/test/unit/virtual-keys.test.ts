import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allowedModelsMatcher } from '../../src/engine/keys/allowed-models.ts';
import { displayPrefix, generateVirtualKey, hashVirtualKey } from '../../src/engine/keys/virtual-key-token.ts';
import { presentedKey } from '../../src/pipeline/stages/authenticate.ts';

test('keys are random, prefixed, and hash to 64 hex characters', () => {
  const a = generateVirtualKey();
  const b = generateVirtualKey();
  assert.is.not(a, b);
  assert.match(a, /^ck-[A-Za-z0-9_-]{43}$/);
  assert.match(hashVirtualKey(a), /^[0-9a-f]{64}$/);
  assert.is(hashVirtualKey(a), hashVirtualKey(a));
  assert.is(displayPrefix(a), a.slice(0, 9));
});

test('allowed models: exact names and prefixes ending in *, no list allows all', () => {
  const match = allowedModelsMatcher(['gpt-4o', 'claude-*']);
  assert.ok(match('gpt-4o'));
  assert.not.ok(match('gpt-4o-mini'));
  assert.ok(match('claude-3-5-sonnet'));
  assert.not.ok(match('gemini'));
  assert.ok(allowedModelsMatcher(null)('anything'));
  assert.not.ok(allowedModelsMatcher([])('anything'));
});

test('the key is read from Authorization Bearer, api-key or x-api-key', () => {
  assert.is(presentedKey({ authorization: 'Bearer ck-1' }), 'ck-1');
  assert.is(presentedKey({ authorization: 'bearer   ck-2 ' }), 'ck-2');
  assert.is(presentedKey({ 'api-key': 'ck-3' }), 'ck-3');
  assert.is(presentedKey({ 'x-api-key': 'ck-4' }), 'ck-4');
  assert.is(presentedKey({ authorization: 'Basic abc' }), undefined);
  assert.is(presentedKey({}), undefined);
});

test.run();
