import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allPeriodKeys, periodWindow } from '../../src/domain/budget-period.ts';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

test('a day runs from UTC midnight to the next, whatever the time of day', () => {
  for (const time of ['2026-03-14T00:00:00.000Z', '2026-03-14T13:45:10.123Z', '2026-03-14T23:59:59.999Z']) {
    const window = periodWindow('DAILY', at(time));
    assert.is(window.key, 'd:2026-03-14');
    assert.is(iso(window.start), '2026-03-14T00:00:00.000Z');
    assert.is(iso(window.end), '2026-03-15T00:00:00.000Z');
  }
  assert.is(periodWindow('DAILY', at('2026-03-15T00:00:00.000Z')).key, 'd:2026-03-15');
});

test('a week starts on Monday (ISO weeks): Sunday still belongs to the week before', () => {
  const wednesday = periodWindow('WEEKLY', at('2026-03-11T10:00:00Z'));
  assert.is(wednesday.key, 'w:2026-03-09');
  assert.is(iso(wednesday.start), '2026-03-09T00:00:00.000Z');
  assert.is(iso(wednesday.end), '2026-03-16T00:00:00.000Z');
  assert.is(periodWindow('WEEKLY', at('2026-03-15T23:59:59.999Z')).key, 'w:2026-03-09', 'Sunday');
  assert.is(periodWindow('WEEKLY', at('2026-03-16T00:00:00.000Z')).key, 'w:2026-03-16', 'Monday');
  // A week across a year boundary.
  assert.is(periodWindow('WEEKLY', at('2027-01-01T12:00:00Z')).key, 'w:2026-12-28');
});

test('a month runs from the 1st to the 1st, across year ends and leap days', () => {
  const december = periodWindow('MONTHLY', at('2026-12-31T23:59:59.999Z'));
  assert.is(december.key, 'm:2026-12');
  assert.is(iso(december.end), '2027-01-01T00:00:00.000Z');
  assert.is(periodWindow('MONTHLY', at('2027-01-01T00:00:00.000Z')).key, 'm:2027-01');
  const leapFebruary = periodWindow('MONTHLY', at('2028-02-29T12:00:00Z'));
  assert.is(leapFebruary.key, 'm:2028-02');
  assert.is(iso(leapFebruary.start), '2028-02-01T00:00:00.000Z');
  assert.is(iso(leapFebruary.end), '2028-03-01T00:00:00.000Z');
});

test('a lifetime budget never rolls over', () => {
  const window = periodWindow('LIFETIME', at('2026-03-14T12:00:00Z'));
  assert.equal(window, { period: 'LIFETIME', key: 'lifetime', start: 0, end: null });
});

test('spend is recorded under every period key at once', () => {
  assert.equal(allPeriodKeys(at('2026-03-15T08:00:00Z')), ['d:2026-03-15', 'w:2026-03-09', 'm:2026-03', 'lifetime']);
});

test.run();
