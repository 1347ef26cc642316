/**
 * Pages of a stored response's input items: the order, limit and both cursors as the Responses API
 * takes them, unknown cursors, and refused query values.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GatewayError } from '../../src/domain/gateway-error.ts';
import type { InputItem } from '../../src/pipeline/endpoints/openai/responses/input-items.ts';
import { listInputItems, parseInputItemsQuery } from '../../src/pipeline/endpoints/openai/responses/list-input-items.ts';

const items = ['a', 'b', 'c', 'd', 'e'].map((id): InputItem => ({ id, type: 'message', role: 'user', content: id }));
const ids = (page: { data: InputItem[] }): string[] => page.data.map((item) => item.id);
const query = (search: string) => parseInputItemsQuery(new URLSearchParams(search));

test('by default the newest 20 first', () => {
  const page = listInputItems(items, query(''));
  assert.equal(ids(page), ['e', 'd', 'c', 'b', 'a']);
  assert.equal({ first: page.first_id, last: page.last_id, more: page.has_more, object: page.object }, { first: 'e', last: 'a', more: false, object: 'list' });
});

test('limit cuts the page and says there is more; after continues from the last id', () => {
  const first = listInputItems(items, query('order=asc&limit=2'));
  assert.equal(ids(first), ['a', 'b']);
  assert.is(first.has_more, true);
  const second = listInputItems(items, query(`order=asc&limit=2&after=${first.last_id}`));
  assert.equal(ids(second), ['c', 'd']);
  const last = listInputItems(items, query('order=asc&limit=2&after=d'));
  assert.equal(ids(last), ['e']);
  assert.is(last.has_more, false);
});

test('before gives the page just before the cursor, in the order asked', () => {
  const page = listInputItems(items, query('order=asc&limit=2&before=d'));
  assert.equal(ids(page), ['b', 'c']);
  assert.is(page.has_more, true);
  assert.equal(ids(listInputItems(items, query('limit=2&before=b'))), ['d', 'c']);
  assert.equal(ids(listInputItems(items, query('before=a'))), ['e', 'd', 'c', 'b']);
});

test('an unknown cursor is an empty page with null ids', () => {
  for (const search of ['after=zz', 'before=zz']) {
    const page = listInputItems(items, query(search));
    assert.equal(page, { object: 'list', data: [], first_id: null, last_id: null, has_more: false });
  }
  assert.equal(ids(listInputItems([], query(''))), []);
});

test('a limit outside 1-100, a bad order or an empty cursor is a 400 naming the parameter', () => {
  for (const [search, param] of [['limit=0', 'limit'], ['limit=101', 'limit'], ['limit=two', 'limit'], ['order=up', 'order'], ['after=', 'after']] as const) {
    try {
      query(search);
      assert.unreachable(search);
    } catch (error) {
      assert.instance(error, GatewayError, search);
      assert.is((error as GatewayError).status, 400);
      assert.is((error as GatewayError).param, param, search);
    }
  }
});

test.run();
