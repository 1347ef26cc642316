import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { areaOf, summarizeCpuProfile, type CpuProfile } from '../src/profile/summarize-cpu-profile.ts';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

// root -> handler (gateway) -> parse (node_modules/zod); root -> (idle); root -> (garbage collector)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 4, 5] },
    { id: 2, callFrame: frame('handler', 'file:///r/core/gateway/src/http/route.ts', 9), children: [3] },
    { id: 3, callFrame: frame('parse', 'file:///r/node_modules/zod/v4/core/parse.js', 41) },
    { id: 4, callFrame: frame('(idle)') },
    { id: 5, callFrame: frame('(garbage collector)') },
  ],
  startTime: 0,
  endTime: 1000,
  // Each sample lasts until the next one: 2 → 100, 3 → 300, 4 → 400, 5 → 200 µs.
  samples: [2, 3, 4, 5],
  timeDeltas: [0, 100, 300, 400],
};
profile.endTime = 1000;

test('self time goes to the sampled function, inclusive time to its own callers', () => {
  const summary = summarizeCpuProfile(profile);
  assert.is(summary.idleMs, 0.4);
  assert.is(summary.busyMs, 0.6);
  assert.equal(
    summary.topSelf.map((share) => [share.name, share.ms]),
    [
      ['parse zod:42', 0.3],
      ['(garbage collector)', 0.2],
      ['handler core/gateway/http/route.ts', 0.1],
    ],
  );
  assert.equal(summary.topInclusiveOwn.map((share) => [share.name, share.ms]), [['handler core/gateway/http/route.ts', 0.4]]);
  assert.is(Math.round(summary.topAreas[0]!.percent), 50);
});

test('a window keeps only the samples taken inside it', () => {
  const summary = summarizeCpuProfile(profile, { fromUs: 50, toUs: 450 });
  assert.is(summary.samplesInWindow, 2);
  assert.is(summary.busyMs, 0.3);
});

test('areas name packages, gateway files and node internals', () => {
  assert.is(areaOf(frame('f', 'file:///r/node_modules/@koa/router/lib/router.js')), '@koa/router');
  assert.is(areaOf(frame('f', 'node:internal/http/server')), 'node:http');
  assert.is(areaOf(frame('f', 'file:///r/core/plugin-api/src/sse.ts')), 'core/plugin-api/sse.ts');
});

test.run();
