import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RollupSums } from '../../src/infrastructure/database/usage-rollup-sums.ts';
import { rollupTables } from '../../src/infrastructure/database/usage-rollup-tables.ts';

const row = (model: string, providerId: string) => ({ model, providerId, deploymentId: 'd', endpoint: 'chat/completions', status: 200, latencyMs: 5, createdAt: new Date(Date.UTC(2026, 11, 5, 10, 30)) });

test('dimension values that would join into the same text stay apart (a model named a|b)', () => {
  const sums = new RollupSums(rollupTables.filter((table) => table.name === 'usage_rollups_model'));
  sums.add([row('a|b', 'c'), row('a', 'b|c'), row('a', 'b|c')]);
  const [statement] = sums.statements('sqlite', new Map());
  assert.ok(statement, 'one statement');
  assert.match(statement, /'a\|b','c','d','chat\/completions','2xx','2026-12-05',1,/);
  assert.match(statement, /'a','b\|c','d','chat\/completions','2xx','2026-12-05',2,/);
});

test('rows of one hour and dimensions are one sum; the key group comes from the key when written', () => {
  const sums = new RollupSums(rollupTables.filter((table) => table.name === 'usage_rollups_key_day'));
  sums.add([{ ...row('m', 'p'), virtualKeyId: 'key-1', costNanos: 5 }, { ...row('m', 'p'), virtualKeyId: 'key-1', costNanos: 7, status: 500 }]);
  assert.equal(sums.keyIds(), ['key-1']);
  const [statement] = sums.statements('sqlite', new Map([['key-1', 'group-1']]));
  // day, key, group, then requests 2, errors 1, … cost 12.
  assert.match(statement!, /VALUES \('2026-12-05','key-1','group-1',2,1,0,0,0,0,0,0,12,10,/);
});

test.run();
