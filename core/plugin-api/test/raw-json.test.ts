import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { forgetRawJson, markRawJson, rawJsonOf } from '../src/raw-json.ts';

test('a marked value gives back its text, and the mark is invisible', () => {
  const text = '{"a":1,"b":[true]}';
  const value = markRawJson(JSON.parse(text) as object, text);
  assert.is(rawJsonOf(value), text);
  assert.equal(Reflect.ownKeys(value), ['a', 'b']);
  assert.is(JSON.stringify(value), text);
  assert.equal(value, { a: 1, b: [true] });
});

test('copies are not marked: a spread, structuredClone, JSON round trip', () => {
  const value = markRawJson({ a: 1 }, '{"a":1}');
  assert.is(rawJsonOf({ ...value }), undefined);
  assert.is(rawJsonOf({ ...value, a: 2 }), undefined);
  assert.is(rawJsonOf(structuredClone(value)), undefined);
  assert.is(rawJsonOf(JSON.parse(JSON.stringify(value)) as object), undefined);
});

test('forgetRawJson drops the mark; a value can be marked again', () => {
  const value = markRawJson({ a: 1 }, '{"a":1}');
  forgetRawJson(value);
  assert.is(rawJsonOf(value), undefined);
  markRawJson(value, '{ "a": 1 }');
  assert.is(rawJsonOf(value), '{ "a": 1 }');
  forgetRawJson({});
  assert.is(rawJsonOf({}), undefined);
});

test.run();
