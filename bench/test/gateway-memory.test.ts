/** The gateway's memory figures: read from a real prom-client exposition, and split between the V8 heap and the rest. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { memorySplit, type MemorySample } from '../src/measure/memory-split.ts';
import { parseGatewayMemory } from '../src/measure/read-gateway-memory.ts';

const mb = 1024 * 1024;

test('parseGatewayMemory reads the heap figures of an exposition prom-client writes as the gateway does', async () => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'conduit_' });
  const before = process.memoryUsage();
  const memory = parseGatewayMemory(await registry.metrics());
  assert.ok(memory, 'every figure found');
  // The same process a moment apart: within a few MB of what it says itself.
  assert.ok(Math.abs(memory.heapTotalBytes - before.heapTotal) < 16 * mb, `heap total ${memory.heapTotalBytes} vs ${before.heapTotal}`);
  assert.ok(memory.heapUsedBytes > 0 && memory.heapUsedBytes <= memory.heapTotalBytes);
  assert.ok(memory.oldSpaceUsedBytes > 0 && memory.oldSpaceUsedBytes <= memory.oldSpaceSizeBytes);
  assert.ok(memory.externalBytes > 0);
  assert.ok(Number.isInteger(memory.majorGcs) && memory.majorGcs >= 0);
  assert.is(parseGatewayMemory('conduit_nodejs_heap_size_total_bytes 1\n'), undefined, 'a missing figure is no reading');
  assert.is(parseGatewayMemory((await registry.metrics()).replaceAll('conduit_', 'other_')), undefined, 'another prefix is not the gateway');
});

function sample(atSeconds: number, rssMb: number, heapTotalMb: number, majorGcs: number, oldUsedMb = 70): MemorySample {
  return {
    atSeconds,
    rssBytes: rssMb * mb,
    heapTotalBytes: heapTotalMb * mb,
    heapUsedBytes: (heapTotalMb - 40) * mb,
    externalBytes: 10 * mb,
    oldSpaceUsedBytes: oldUsedMb * mb,
    oldSpaceSizeBytes: (oldUsedMb + 8) * mb,
    majorGcs,
  };
}

test('memorySplit: a second-half growth outside the heap is told from one of committed heap; the old generation is read after each major collection', () => {
  // 600 s every 5 s: RSS grows 6 MB in the second half, of which the heap committed 2 MB.
  const samples = Array.from({ length: 121 }, (_, index) => {
    const atSeconds = index * 5;
    const late = Math.max(0, atSeconds - 300) / 300;
    return sample(atSeconds, 300 + 6 * late, 180 + 2 * late, Math.floor(atSeconds / 110), 71 + (atSeconds % 110 === 0 ? 0 : 5));
  });
  const split = memorySplit(samples, 30);
  assert.ok(split.secondHalfChangeMb);
  const change = split.secondHalfChangeMb;
  assert.ok(Math.abs(change.rss - 5.5) < 0.3, `rss ${change.rss}`);
  assert.ok(Math.abs(change.heapCommitted - 1.8) < 0.2, `heap ${change.heapCommitted}`);
  assert.ok(Math.abs(change.outsideHeap - 3.7) < 0.3, `outside ${change.outsideHeap}`);
  assert.is(change.external, 0);
  assert.is(split.majorGcs, 5);
  assert.equal(split.oldSpaceAfterMajorGc, [110, 220, 330, 440, 550].map((atSeconds) => ({ atSeconds, usedMb: 71 })));
});

test('memorySplit: too short a run or no readings gives no change rather than a made-up one', () => {
  assert.equal(memorySplit([], 30), { secondHalfChangeMb: null, oldSpaceAfterMajorGc: [], majorGcs: 0 });
  assert.is(memorySplit([sample(0, 300, 180, 0), sample(5, 310, 181, 0), sample(10, 320, 182, 1)], 30).secondHalfChangeMb, null);
});

test.run();
