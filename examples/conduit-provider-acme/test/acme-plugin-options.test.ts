import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAcmePluginOptions } from '../src/acme-plugin-options.ts';

test('the region defaults to us', () => {
  assert.equal(parseAcmePluginOptions({}), { region: 'us' });
  assert.equal(parseAcmePluginOptions(undefined), { region: 'us' });
});

test('region eu is accepted', () => {
  assert.equal(parseAcmePluginOptions({ region: 'eu' }), { region: 'eu' });
});

test('a wrong region or an unknown option says what is wrong', () => {
  assert.throws(() => parseAcmePluginOptions({ region: 'mars' }), /region must be one of "us", "eu" \(got "mars"\)/);
  assert.throws(() => parseAcmePluginOptions({ region: 'eu', zone: 'b' }), /unknown option "zone"/);
  assert.throws(() => parseAcmePluginOptions(['eu']), /must be an object/);
});

test.run();
