/**
 * WebSocket frame masking runs natively: `ws` masks every frame the gateway sends a realtime provider
 * and unmasks every frame a realtime client sends, and its JavaScript fallback costs tens of
 * microseconds per 6 KB audio append. `bufferutil` (a gateway dependency for this) must load its
 * prebuilt binding here, and `ws` must pick it up.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const require = createRequire(import.meta.url);

test('bufferutil loads its native binding, and ws masks and unmasks with it', () => {
  const bufferutil = require('bufferutil') as { mask: (...args: unknown[]) => void; unmask: (...args: unknown[]) => void };
  assert.match(String(bufferutil.mask), /\[native code\]/, 'the native mask, not the JavaScript fallback');
  // ws's own helper module (not exported), by its path.
  const wsBufferUtil = require(path.join(path.dirname(require.resolve('ws')), 'lib/buffer-util.js')) as {
    mask(source: Buffer, mask: Buffer, output: Buffer, offset: number, length: number): void;
    unmask(buffer: Buffer, mask: Buffer): void;
  };
  assert.match(String(wsBufferUtil.mask), /bufferUtil\.mask|websocketMask/, 'ws uses a native mask for large frames');
  // And it masks correctly: XOR with the 4-byte key, undone by unmask.
  const source = Buffer.from(Array.from({ length: 6400 }, (_, index) => index % 251));
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const output = Buffer.alloc(6406);
  wsBufferUtil.mask(source, key, output, 6, source.length);
  for (const index of [0, 1, 2, 3, 4, 6399]) assert.is(output[6 + index], source[index]! ^ key[index & 3]!);
  const masked = Buffer.from(output.subarray(6));
  wsBufferUtil.unmask(masked, key);
  assert.ok(masked.equals(source));
});

test.run();
