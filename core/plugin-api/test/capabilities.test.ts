import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { capabilityNames, mergeCapabilities, noCapabilities, type ModelCapabilities } from '../src/capabilities.ts';

const chat: ModelCapabilities = { ...noCapabilities, chat: true, stream: true, tools: true };

test('later layers override earlier ones field by field', () => {
  const merged = mergeCapabilities(chat, { vision: true }, { tools: false });
  assert.equal(merged, { ...chat, vision: true, tools: false });
});

test('absent layers and non-boolean values are ignored, and the base is not changed', () => {
  const before = { ...chat };
  const merged = mergeCapabilities(chat, undefined, null, { chat: undefined, vision: 'yes' as unknown as boolean });
  assert.equal(merged, chat);
  assert.equal(chat, before);
  assert.is.not(merged, chat);
});

test('capabilityNames lists every field of noCapabilities', () => {
  assert.equal([...capabilityNames].sort(), Object.keys(noCapabilities).sort());
});

test.run();
