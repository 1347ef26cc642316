import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpClient, ProviderError, silentLogger } from '@conduit/plugin-api';
import { readBedrockSettings } from '../src/bedrock-settings.ts';
import { converseUrl, encodeModelId } from '../src/bedrock-url.ts';
import { signRequest } from '../src/sign-request.ts';
import plugin from '../src/index.ts';

test('without a base URL the endpoint is the region’s runtime endpoint, us-east-1 by default', () => {
  assert.is(readBedrockSettings('', {}, { region: 'eu-central-1' }).baseUrl, 'https://bedrock-runtime.eu-central-1.amazonaws.com');
  assert.is(readBedrockSettings('', {}, {}).baseUrl, 'https://bedrock-runtime.us-east-1.amazonaws.com');
  assert.is(readBedrockSettings('https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com/', {}, {}).baseUrl, 'https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com');
});

test('the plugin leaves defaultBaseUrl unset so the region decides', () => {
  assert.is(plugin.defaultBaseUrl, undefined);
  assert.is(plugin.name, 'bedrock');
});

test('a region that is not a region name is refused', () => {
  try {
    readBedrockSettings('', {}, { region: 'us-east-1.evil.example/x' });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.ok(ProviderError.isInstance(error));
  }
});

test('access keys win over an API key; an API key alone is a bearer token', () => {
  assert.is(readBedrockSettings('', { accessKeyId: 'AKID', secretAccessKey: 's', apiKey: 'ABSK1' }, {}).auth.kind, 'sigv4');
  assert.equal(readBedrockSettings('', { apiKey: 'ABSK1' }, {}).auth, { kind: 'bearer', token: 'ABSK1' });
  assert.equal(readBedrockSettings('', { accessKeyId: 'AKID', secretAccessKey: 's', sessionToken: 't' }, {}).auth, {
    kind: 'sigv4',
    accessKeyId: 'AKID',
    secretAccessKey: 's',
    sessionToken: 't',
  });
  assert.is(readBedrockSettings('', { apiKey: '' }, {}).auth.kind, 'none');
});

test('model ids are one path label: colons, slashes and sub-delims are escaped', () => {
  assert.is(encodeModelId('anthropic.claude-3-5-sonnet-20240620-v1:0'), 'anthropic.claude-3-5-sonnet-20240620-v1%3A0');
  assert.is(
    converseUrl('https://bedrock-runtime.us-east-1.amazonaws.com', 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.meta.llama3-2-90b-instruct-v1:0', true),
    'https://bedrock-runtime.us-east-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.meta.llama3-2-90b-instruct-v1%3A0/converse-stream',
  );
  assert.is(encodeModelId("a!b'(c)*"), 'a%21b%27%28c%29%2A');
});

test('SigV4 signing is deterministic for a date and signs host, content type and date', async () => {
  const request = { url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/m%3A0/converse', method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: '{}' };
  const auth = { kind: 'sigv4' as const, accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
  const date = new Date(Date.UTC(2015, 7, 30, 12, 36, 0));
  const first = await signRequest(request, auth, 'us-east-1', date);
  const second = await signRequest(request, auth, 'us-east-1', date);
  assert.equal(first, second);
  assert.is(first['x-amz-date'], '20150830T123600Z');
  assert.match(first.authorization!, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20150830\/us-east-1\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
  assert.is(first.host, undefined);
  const otherRegion = await signRequest(request, auth, 'eu-west-1', date);
  assert.is.not(otherRegion.authorization, first.authorization);
});

test('a session token is sent and signed', async () => {
  const headers = await signRequest(
    { url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse', method: 'POST', headers: {}, body: '{}' },
    { kind: 'sigv4', accessKeyId: 'AKID', secretAccessKey: 's', sessionToken: 'token-1' },
    'us-east-1',
  );
  assert.is(headers['x-amz-security-token'], 'token-1');
  assert.match(headers.authorization!, /SignedHeaders=[^,]*x-amz-security-token/);
});

test('a client without credentials fails on use with a clear message, not at create', async () => {
  const http = createHttpClient();
  const client = plugin.create({
    provider: { id: 'p', name: 'b', type: 'bedrock' },
    baseUrl: '',
    credentials: {},
    options: {},
    pluginOptions: {},
    http,
    logger: silentLogger,
  });
  try {
    await client.chat({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { signal: new AbortController().signal, requestId: 'r' });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.is((error as ProviderError).code, 'authentication');
    assert.match((error as Error).message, /accessKeyId and secretAccessKey, or a Bedrock API key/);
  }
  await http.close();
});

test('a record with a bad region still makes a client, whose calls fail with the reason', async () => {
  const http = createHttpClient();
  const client = plugin.create({ provider: { id: 'p', name: 'b', type: 'bedrock' }, baseUrl: '', credentials: { apiKey: 'k' }, options: { region: 'mars' }, pluginOptions: {}, http, logger: silentLogger });
  try {
    await client.chat({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { signal: new AbortController().signal, requestId: 'r' });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.is((error as ProviderError).code, 'bad_request');
    assert.match((error as Error).message, /not an AWS region/);
  }
  await http.close();
});

test.run();
