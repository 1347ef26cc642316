/**
 * POST /v1/images/generations and /v1/images/edits through a real gateway to the fake OpenAI
 * upstream, driven by the official `openai` SDK: b64_json and url answers relayed as the provider
 * wrote them, billing per image and per token, the images capability and permission, bad input,
 * upstream failures, budget and unpriced refusals, a client that goes away; edits' uploads (several
 * images and a mask) reaching the provider whole, again on a second attempt.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI, { toFile } from 'openai';
import { randomBytes } from 'node:crypto';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { sqliteTarget } from '../support/database-targets.ts';
import { eventually } from '../support/limit-helpers.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import type { RequestLogRecord } from '../../src/infrastructure/database/models/request-log-model.ts';

interface Context {
  fake: OpenAIFakeUpstream;
  harness: TestGateway;
  client: OpenAI;
  keyId: string;
}

const test = suite<Context>('images/generations and images/edits (sqlite)');

test.before(async (context) => {
  try {
    context.fake = await startOpenAIFakeUpstream();
    context.harness = await startTestGateway({ databaseUrl: await sqliteTarget.freshDatabaseUrl() });
    const { harness, fake } = context;
    const provider = await harness.createOpenAIProvider('pictures', fake);
    await harness.createDeployment({ modelName: 'dall-e-3', providerId: provider, providerModel: 'dall-e-3' });
    await harness.createDeployment({ modelName: 'gpt-image-1', providerId: provider, providerModel: 'gpt-image-1' });
    await harness.createDeployment({ modelName: 'sketch', providerId: provider, providerModel: 'dall-e-2' });
    await harness.createDeployment({ modelName: 'chat', providerId: provider, providerModel: 'gpt-4o-mini' });
    await harness.createDeployment({ modelName: 'dall-e-2', providerId: provider, providerModel: 'dall-e-2' });
    // Two deployments of one model, so that a failed attempt is followed by another (the uploads sent again).
    await harness.createDeployment({ modelName: 'editor', providerId: provider, providerModel: 'gpt-image-1', priority: 0 });
    await harness.createDeployment({ modelName: 'editor', providerId: provider, providerModel: 'gpt-image-1', priority: 1 });
    // dall-e-3 per image; gpt-image-1 by tokens (its per-image price applies only to an answer without usage);
    // 'sketch' has a price that bills neither images nor tokens.
    await harness.graphql('mutation { createModelCost(input: { model: "dall-e-3", inputPerMillion: 0, outputPerMillion: 0, perImage: 0.04 }) { id } }');
    await harness.graphql('mutation { createModelCost(input: { model: "gpt-image-1", inputPerMillion: 5, outputPerMillion: 40, perImage: 0.2, maxOutputTokens: 6240 }) { id } }');
    await harness.graphql('mutation { createModelCost(input: { model: "sketch", inputPerMillion: 0, outputPerMillion: 0 }) { id } }');
    await harness.graphql('mutation { createModelCost(input: { model: "dall-e-2", inputPerMillion: 0, outputPerMillion: 0, perImage: 0.02 }) { id } }');
    const key = await harness.createKey();
    context.keyId = key.id;
    context.client = harness.openai(key.key);
  } catch (error) {
    console.error(error);
    throw error;
  }
});

test.after(async ({ harness, fake }) => {
  await harness?.close();
  await fake?.close();
});

test.before.each(({ fake }) => {
  fake.reset();
});

async function logsOf(harness: TestGateway, keyId: string, count: number): Promise<RequestLogRecord[]> {
  return eventually(
    () => harness.models.RequestLogRecord.findAll({ where: { virtualKeyId: keyId }, order: [['createdAt', 'DESC']] }),
    (rows) => rows.length >= count,
  );
}

async function refusal(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, OpenAI.APIError);
    return error as InstanceType<typeof OpenAI.APIError>;
  }
  assert.unreachable('the request was expected to fail');
  throw new Error('unreachable');
}

async function freshKey(harness: TestGateway, input: Record<string, unknown> = {}): Promise<{ client: OpenAI; id: string; key: string }> {
  const { key, id } = await harness.createKey(input);
  return { client: harness.openai(key), id, key };
}

test('b64_json: a GPT image answer comes back with its images and token usage, billed by its tokens', async ({ harness, fake }) => {
  const { client, id } = await freshKey(harness);
  fake.enqueue({ type: 'message', text: 'unused', finish: 'stop', usage: { input: 50, output: 4000 } });
  const { data: answer, response } = await client.images
    .generate({ model: 'gpt-image-1', prompt: 'a lighthouse at dusk', n: 2, size: '1536x1024', quality: 'low', output_format: 'png', background: 'opaque', moderation: 'low' })
    .withResponse();
  assert.is(answer.data?.length, 2);
  const png = Buffer.from(answer.data?.[0]?.b64_json ?? '', 'base64');
  assert.equal([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.equal([answer.usage?.input_tokens, answer.usage?.output_tokens, answer.usage?.total_tokens], [50, 4000, 4050]);
  assert.is(answer.usage?.input_tokens_details?.text_tokens, 50);
  assert.is(response.headers.get('x-conduit-provider'), 'pictures');
  const sent = fake.lastRequest().body as Record<string, unknown>;
  assert.equal(
    { model: sent.model, prompt: sent.prompt, n: sent.n, size: sent.size, quality: sent.quality, background: sent.background, moderation: sent.moderation },
    { model: 'gpt-image-1', prompt: 'a lighthouse at dusk', n: 2, size: '1536x1024', quality: 'low', background: 'opaque', moderation: 'low' },
  );
  const [row] = await logsOf(harness, id, 1);
  assert.is(row?.endpoint, 'images/generations');
  assert.is(row?.status, 200);
  assert.equal([row?.promptTokens, row?.completionTokens], [50, 4000]);
  // 50 tokens at $5 and 4,000 at $40 a million: $0.16025, not 2 x $0.20.
  assert.is(Number(row?.costNanos), 160_250_000);
});

test('url: a dall-e answer comes back with its URLs and revised prompts, billed per image returned', async ({ harness, fake }) => {
  const { client, id } = await freshKey(harness);
  fake.enqueue({ type: 'message', text: 'a red fox, revised', finish: 'stop', usage: { input: 0, output: 0 } });
  const answer = await client.images.generate({ model: 'dall-e-3', prompt: 'a red fox', n: 3, response_format: 'url', style: 'natural', quality: 'hd', size: '1792x1024' });
  assert.is(answer.data?.length, 3);
  assert.match(answer.data?.[0]?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/fake-images\/image\.png$/);
  assert.is(answer.data?.[0]?.revised_prompt, 'a red fox, revised');
  assert.is(answer.usage, undefined);
  const sent = fake.lastRequest().body as Record<string, unknown>;
  assert.equal([sent.response_format, sent.style, sent.quality, sent.size], ['url', 'natural', 'hd', '1792x1024']);
  const [row] = await logsOf(harness, id, 1);
  assert.is(row?.promptTokens, null, 'no tokens were reported, none are made up');
  assert.is(Number(row?.costNanos), 120_000_000, '3 images at $0.04');
  assert.is(row?.unpriced, false);
});

test('a large b64_json answer reaches the client byte for byte, as the provider wrote it', async ({ client, fake }) => {
  const images = Array.from({ length: 3 }, () => randomBytes(1_500_000).toString('base64'));
  const body = `{"created": 1700000000, "data": [${images.map((image) => `{"b64_json": "${image}"}`).join(', ')}], "vendor_extra": {"kept": true}}`;
  // Written in pieces, so the answer arrives over many reads.
  const pieces: string[] = [];
  for (let at = 0; at < body.length; at += 256 * 1024) pieces.push(body.slice(at, at + 256 * 1024));
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body: pieces });
  const response = await client.images.generate({ model: 'dall-e-3', prompt: 'noise', n: 3, response_format: 'b64_json' }).asResponse();
  assert.ok((await response.text()) === body, 'the answer is the upstream text unchanged');
});

test('a client that leaves while a large answer is being sent ends the sending; the gateway goes on serving', async ({ harness, client, fake }) => {
  const image = randomBytes(6_000_000).toString('base64');
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body: [`{"created": 1, "data": [{"b64_json": "`, image, '"}]}'] });
  const controller = new AbortController();
  const response = await fetch(`${harness.url}/v1/images/generations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'dall-e-3', prompt: 'big', response_format: 'b64_json' }),
    signal: controller.signal,
  });
  assert.is(response.status, 200);
  assert.is(response.headers.get('content-length'), String(Buffer.byteLength(`{"created": 1, "data": [{"b64_json": "${image}"}]}`)));
  const reader = response.body!.getReader();
  await reader.read();
  controller.abort();
  await reader.cancel().catch(() => undefined);
  fake.enqueue({ type: 'message', text: 'x', finish: 'stop', usage: { input: 0, output: 0 } });
  const next = await client.images.generate({ model: 'dall-e-3', prompt: 'small' });
  assert.is(next.data?.length, 1);
});

test('a model without the images capability is refused before any provider is called', async ({ client, fake }) => {
  const error = await refusal(client.images.generate({ model: 'chat', prompt: 'a cat' }));
  assert.is(error.status, 400);
  assert.is(error.code, 'unsupported_capability');
  assert.match(error.message, /does not support/);
  const unknown = await refusal(client.images.generate({ model: 'no-such-model', prompt: 'a cat' }));
  assert.is(unknown.status, 404);
  assert.is(fake.requests().length, 0);
});

test('a request without a model asks for dall-e-2, as OpenAI does', async ({ client, fake }) => {
  fake.enqueue({ type: 'message', text: 'x', finish: 'stop', usage: { input: 0, output: 0 } });
  const answer = await client.images.generate({ prompt: 'a cat' });
  assert.is(answer.data?.length, 1);
  assert.is(fake.lastRequest().model, 'dall-e-2');
});

test('bad input is a 400 in OpenAI format naming the field; nothing reaches the provider', async ({ harness, client, fake }) => {
  const cases: Array<[Record<string, unknown>, string, string]> = [
    [{ model: 'dall-e-3' }, 'prompt', 'missing_required_parameter'],
    [{ model: 'dall-e-3', prompt: '' }, 'prompt', 'string_below_min_length'],
    [{ model: 'dall-e-3', prompt: 'x'.repeat(32_001) }, 'prompt', 'string_above_max_length'],
    [{ model: 'dall-e-3', prompt: 42 }, 'prompt', 'invalid_type'],
    [{ model: 'dall-e-3', prompt: 'a cat', n: 11 }, 'n', 'integer_above_max_value'],
    [{ model: 'dall-e-3', prompt: 'a cat', n: 1.5 }, 'n', 'invalid_type'],
    [{ model: 'dall-e-3', prompt: 'a cat', quality: 'ultra' }, 'quality', 'invalid_value'],
    [{ model: 'dall-e-3', prompt: 'a cat', response_format: 'gif' }, 'response_format', 'invalid_value'],
    [{ model: 'dall-e-3', prompt: 'a cat', size: 'huge' }, 'size', 'invalid_value'],
    [{ model: 'gpt-image-1', prompt: 'a cat', output_compression: 101 }, 'output_compression', 'integer_above_max_value'],
    [{ model: 'gpt-image-1', prompt: 'a cat', stream: true }, 'stream', 'unsupported_value'],
  ];
  for (const [body, param, code] of cases) {
    const error = await refusal(client.post('/images/generations', { body }));
    assert.is(error.status, 400, JSON.stringify(body).slice(0, 80));
    assert.is(error.param, param);
    assert.is(error.code, code, `${param}: ${error.message}`);
  }
  const notJson = await fetch(`${harness.url}/v1/images/generations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.apiKey}`, 'content-type': 'application/json' },
    body: '{"prompt": ',
  });
  assert.is(notJson.status, 400);
  assert.is(((await notJson.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
  assert.is(fake.requests().length, 0);
});

test('upstream failures: a refusal is relayed as the provider said it, a server error is a 502, and neither is billed', async ({ harness, fake }) => {
  const { client, id } = await freshKey(harness);
  fake.enqueue({ type: 'http-error', status: 400, message: 'Your request was rejected as a result of our safety system.' });
  const refused = await refusal(client.images.generate({ model: 'dall-e-3', prompt: 'something forbidden' }));
  assert.is(refused.status, 400);
  assert.match(refused.message, /safety system/);
  fake.enqueue({ type: 'http-error', status: 500, message: 'internal failure' });
  fake.enqueue({ type: 'http-error', status: 500, message: 'internal failure' });
  fake.enqueue({ type: 'http-error', status: 500, message: 'internal failure' });
  const failed = await refusal(client.images.generate({ model: 'dall-e-3', prompt: 'a cat' }));
  assert.is(failed.status, 502);
  assert.not.match(JSON.stringify(failed.error), new RegExp(fake.provider.credentials.apiKey!));
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body: '{"created": 1, "images": []}' });
  const malformed = await refusal(client.images.generate({ model: 'dall-e-3', prompt: 'a cat' }));
  assert.is(malformed.status, 502);
  const rows = await logsOf(harness, id, 3);
  assert.equal(rows.map((row) => Number(row.costNanos)), [0, 0, 0]);
});

test('budgets: n images are reserved at the per-image price; a request that cannot fit is refused before the provider', async ({ harness, fake }) => {
  const { client } = await freshKey(harness, { maxBudget: 0.1, budgetPeriod: 'DAILY' });
  const error = await refusal(client.images.generate({ model: 'dall-e-3', prompt: 'three foxes', n: 3 }));
  assert.is(error.status, 429);
  assert.is(error.code, 'budget_exceeded');
  assert.match(error.message, /up to \$0\.12\b/);
  assert.match(error.message, /3 images \(its n\)/);
  assert.is(fake.requests().length, 0);
  fake.enqueue({ type: 'message', text: 'x', finish: 'stop', usage: { input: 0, output: 0 } });
  const two = await client.images.generate({ model: 'dall-e-3', prompt: 'two foxes', n: 2 });
  assert.is(two.data?.length, 2);
  // $0.08 spent (or still reserved): two more images do not fit.
  const more = await refusal(client.images.generate({ model: 'dall-e-3', prompt: 'two more', n: 2 }));
  assert.is(more.code, 'budget_exceeded');
  assert.is(fake.requests().length, 1);
});

test('budgets: a GPT image model is reserved by its tokens (the prompt and n x its output limit)', async ({ harness, fake }) => {
  // 2 x 6,240 output tokens at $40 a million is $0.4992 (and the prompt's token at $5): over a $0.40 budget; one image fits.
  const { client } = await freshKey(harness, { maxBudget: 0.4, budgetPeriod: 'DAILY' });
  const error = await refusal(client.images.generate({ model: 'gpt-image-1', prompt: 'two', n: 2 }));
  assert.is(error.status, 429);
  assert.match(error.message, /up to \$0\.499205\b/);
  fake.enqueue({ type: 'message', text: 'x', finish: 'stop', usage: { input: 10, output: 1000 } });
  const one = await client.images.generate({ model: 'gpt-image-1', prompt: 'one', n: 1 });
  assert.is(one.data?.length, 1);
});

test('a price that bills neither images nor tokens leaves the model unpriced: a budgeted key is refused it', async ({ harness, client, fake }) => {
  const budgeted = await freshKey(harness, { maxBudget: 5, budgetPeriod: 'DAILY' });
  const error = await refusal(budgeted.client.images.generate({ model: 'sketch', prompt: 'a cat' }));
  assert.is(error.status, 400);
  assert.is(error.code, 'model_not_priced');
  assert.match(error.message, /no price for images \(a perImage, or input and output token prices\)/);
  assert.is(fake.requests().length, 0);
  // A key without a budget is served, and the row says the model is unpriced.
  fake.enqueue({ type: 'message', text: 'x', finish: 'stop', usage: { input: 0, output: 0 } });
  await client.images.generate({ model: 'sketch', prompt: 'a cat' });
  const rows = await eventually(
    () => harness.models.RequestLogRecord.findAll({ where: { model: 'sketch', status: 200 } }),
    (found) => found.length > 0,
  );
  assert.is(rows[0]?.unpriced, true);
  assert.is(Number(rows[0]?.costNanos), 0);
});

test('a key without the IMAGES permission is refused with 403', async ({ harness, fake }) => {
  const { client } = await freshKey(harness, { permissions: ['CHAT'] });
  const error = await refusal(client.images.generate({ model: 'dall-e-3', prompt: 'a cat' }));
  assert.is(error.status, 403);
  assert.is(error.code, 'permission_denied');
  assert.match(error.message, /IMAGES/);
  assert.is(fake.requests().length, 0);
});

test('a client that goes away cancels the upstream generation; the request is logged as 499 and not billed', async ({ harness, fake }) => {
  const { client, id } = await freshKey(harness);
  fake.enqueue({ type: 'hang' });
  const controller = new AbortController();
  const pending = client.images.generate({ model: 'dall-e-3', prompt: 'slow' }, { signal: controller.signal }).catch(() => undefined);
  await fake.waitForRequests(1);
  controller.abort();
  await fake.clientClosed();
  await pending;
  const [row] = await logsOf(harness, id, 1);
  assert.is(row?.status, 499);
  assert.is(Number(row?.costNanos), 0);
});

type SeenFile = { field: string; filename: string; contentType: string; bytes: number; sha: string };
const seenFiles = (fake: OpenAIFakeUpstream): SeenFile[] => (fake.lastRequest().body as { files: SeenFile[] }).files;
const fingerprintOf = (bytes: Buffer) => bytes.toString('base64').slice(0, 24);

test('edits: several images and a mask reach the provider as uploaded, with the fields; billed by the tokens reported', async ({ harness, fake }) => {
  const { client, id } = await freshKey(harness);
  const first = randomBytes(300_000);
  const second = randomBytes(1_000);
  const mask = randomBytes(2_000);
  fake.enqueue({ type: 'message', text: 'x', finish: 'stop', usage: { input: 600, output: 1000 } });
  const { data: answer, response } = await client.images
    .edit({
      model: 'gpt-image-1',
      prompt: 'put them in one room',
      image: [await toFile(first, 'first.png'), await toFile(second, 'second.webp')],
      mask: await toFile(mask, 'mask.png'),
      n: 2,
      input_fidelity: 'high',
      quality: 'low',
    })
    .withResponse();
  assert.is(answer.data?.length, 2);
  assert.is(answer.usage?.input_tokens, 600);
  assert.is(response.headers.get('x-conduit-provider'), 'pictures');
  const body = fake.lastRequest().body as Record<string, unknown>;
  assert.equal([body.model, body.prompt, body.n, body.input_fidelity, body.quality], ['gpt-image-1', 'put them in one room', 2, 'high', 'low']);
  assert.equal(seenFiles(fake), [
    { field: 'image[]', filename: 'first.png', contentType: 'image/png', bytes: 300_000, sha: fingerprintOf(first) },
    { field: 'image[]', filename: 'second.webp', contentType: 'image/webp', bytes: 1_000, sha: fingerprintOf(second) },
    { field: 'mask', filename: 'mask.png', contentType: 'image/png', bytes: 2_000, sha: fingerprintOf(mask) },
  ]);
  const [row] = await logsOf(harness, id, 1);
  assert.is(row?.endpoint, 'images/edits');
  // 600 tokens at $5 and 1,000 at $40 a million.
  assert.is(Number(row?.costNanos), 43_000_000);
});

test('edits: one image for dall-e-2, answered with a URL and billed per image', async ({ harness, fake }) => {
  const { client, id } = await freshKey(harness);
  fake.enqueue({ type: 'message', text: 'revised', finish: 'stop', usage: { input: 0, output: 0 } });
  const answer = await client.images.edit({ model: 'dall-e-2', prompt: 'add a hat', image: await toFile(randomBytes(500), 'cat.png'), response_format: 'url', size: '256x256' });
  assert.match(answer.data?.[0]?.url ?? '', /fake-images\/image\.png$/);
  assert.equal(seenFiles(fake).map((file) => [file.field, file.bytes]), [['image', 500]]);
  assert.is((fake.lastRequest().body as Record<string, unknown>).size, '256x256');
  const [row] = await logsOf(harness, id, 1);
  assert.is(Number(row?.costNanos), 20_000_000);
});

test('edits: a failed attempt is followed by another that sends the uploads again, whole', async ({ client, fake }) => {
  const image = randomBytes(200_000);
  fake.enqueue({ type: 'http-error', status: 500, message: 'internal failure' });
  fake.enqueue({ type: 'message', text: 'x', finish: 'stop', usage: { input: 1, output: 1 } });
  const { response } = await client.images.edit({ model: 'editor', prompt: 'again', image: await toFile(image, 'again.png') }).withResponse();
  assert.is(response.headers.get('x-conduit-attempts'), '2');
  assert.is(fake.requests().length, 2);
  assert.equal(seenFiles(fake), [{ field: 'image', filename: 'again.png', contentType: 'image/png', bytes: 200_000, sha: fingerprintOf(image) }]);
});

test('edits: bad forms are a 400 naming the field; nothing reaches the provider', async ({ harness, client, fake }) => {
  const png = await toFile(randomBytes(100), 'a.png');
  const withoutImage = new FormData();
  withoutImage.set('model', 'gpt-image-1');
  withoutImage.set('prompt', 'x');
  const noImage = await fetch(`${harness.url}/v1/images/edits`, { method: 'POST', headers: { authorization: `Bearer ${client.apiKey}` }, body: withoutImage });
  assert.is(noImage.status, 400);
  const noImageError = ((await noImage.json()) as { error: { param: string; code: string } }).error;
  assert.equal([noImageError.param, noImageError.code], ['image', 'missing_required_parameter']);
  const noPrompt = await refusal(client.images.edit({ model: 'gpt-image-1', image: png } as unknown as OpenAI.Images.ImageEditParams));
  assert.equal([noPrompt.status, noPrompt.param, noPrompt.code], [400, 'prompt', 'missing_required_parameter']);
  const tooMany = await refusal(client.images.edit({ model: 'gpt-image-1', prompt: 'x', image: await Promise.all(Array.from({ length: 17 }, (_, index) => toFile(randomBytes(10), `${index}.png`))) }));
  assert.equal([tooMany.status, tooMany.param, tooMany.code], [400, 'image', 'array_above_max_length']);
  const badN = await refusal(client.images.edit({ model: 'gpt-image-1', prompt: 'x', image: png, n: 11 }));
  assert.equal([badN.status, badN.param, badN.code], [400, 'n', 'integer_above_max_value']);
  const notMultipart = await fetch(`${harness.url}/v1/images/edits`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.apiKey}`, 'content-type': 'application/json' },
    body: '{"prompt": "x"}',
  });
  assert.is(notMultipart.status, 400);
  assert.match(((await notMultipart.json()) as { error: { message: string } }).error.message, /multipart\/form-data/);
  const refusedModel = await refusal(client.images.edit({ model: 'chat', prompt: 'x', image: png }));
  assert.is(refusedModel.code, 'unsupported_capability');
  assert.is(fake.requests().length, 0);
});

test.run();
