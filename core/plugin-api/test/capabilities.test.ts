import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { capabilitiesOf, capabilityNames, mergeCapabilities, noCapabilities, type DeclaredCapabilities, type ModelCapabilities } from '../src/capabilities.ts';

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

test('capabilitiesOf: a plugin declaring only { chat: true } has every other flag false', () => {
  assert.equal(capabilitiesOf({ capabilities: { chat: true } }), { ...noCapabilities, chat: true });
  assert.equal(capabilitiesOf({ capabilities: {} }), noCapabilities);
});

test('capabilitiesOf: the model refines the declaration, and flags unknown to this version are dropped', () => {
  const declared = { chat: true, stream: true, teleport: true } as DeclaredCapabilities;
  const plugin = {
    capabilities: declared,
    modelCapabilities: (model: string): DeclaredCapabilities | undefined => (model === 'embed' ? { chat: false, embeddings: true } : undefined),
  };
  assert.equal(capabilitiesOf(plugin), { ...noCapabilities, chat: true, stream: true });
  assert.equal(capabilitiesOf(plugin, 'embed'), { ...noCapabilities, stream: true, embeddings: true });
  assert.equal(Object.keys(capabilitiesOf(plugin, 'other')).sort(), [...capabilityNames].sort());
});

test.run();
