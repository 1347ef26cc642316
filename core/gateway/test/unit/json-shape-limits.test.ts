import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JsonShapeScanner } from '../../src/pipeline/http/json-shape-limits.ts';
import { GatewayError } from '../../src/domain/gateway-error.ts';

const limits = { maxDepth: 4, maxValues: 8, maxObjectMembers: 3 };

/** Scans `text` cut into pieces of `size` bytes; the refusal's code, or undefined. */
function scanIn(text: string, size: number): string | undefined {
  const scanner = new JsonShapeScanner(limits);
  const bytes = Buffer.from(text);
  try {
    for (let start = 0; start < bytes.length; start += size) scanner.scan(bytes.subarray(start, start + size));
  } catch (error) {
    assert.instance(error, GatewayError);
    assert.is((error as GatewayError).status, 400);
    return (error as GatewayError).code ?? undefined;
  }
  return undefined;
}

const cases: Array<[string, string | undefined]> = [
  ['{"a":[[[1]]]}', undefined],
  ['{"a":[[[[1]]]]}', 'json_too_deep'],
  ['[1,2,3,4,5,6,7,8]', undefined],
  ['[1,2,3,4,5,6,7,8,9]', 'json_too_many_values'],
  // Members are counted per object, arrays and nested objects apart.
  ['{"a":1,"b":2,"c":[1,2,3,4]}', undefined],
  ['{"a":1,"b":{"x":1,"y":2,"z":3},"c":3}', undefined],
  ['{"a":1,"b":2,"c":3,"d":4}', 'json_too_many_members'],
  ['[{"a":1,"b":2,"c":3},{"a":1,"b":2,"c":3,"d":4}]', 'json_too_many_members'],
  ['{"a":{"x":1},"b":[{"y":1}],"c":3,"d":4}', 'json_too_many_members'],
  ['{"a":",,,,","b":"}]","c":3}', undefined],
  // Brackets and commas inside strings are text, whatever the escapes around them.
  ['{"a":"[[[[[,,,,,,"}', undefined],
  ['{"a":"\\"[[[[[,,,,,,\\\\"}', undefined],
  ['{"a":"\\\\","b":[[[[1]]]]}', 'json_too_deep'],
  ['["\\\\\\"[[[[[[["]', undefined],
];

test('depth, value and member counts are found in any piece sizes, strings and escapes skipped', () => {
  for (const [text, expected] of cases) {
    for (const size of [1, 2, 3, 7, 1000]) assert.is(scanIn(text, size), expected, `${text} in pieces of ${size}`);
  }
});

test('the refusal names the limit', () => {
  const scanner = new JsonShapeScanner({ maxDepth: 64, maxValues: 300_000, maxObjectMembers: 1024 });
  try {
    scanner.scan(Buffer.from('['.repeat(65)));
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, /64/);
  }
});

test.run();
