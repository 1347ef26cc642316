/** The `*.svelte.ts` state classes, compiled by Svelte and run with real runes. */
import './support/register-svelte.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { MemoryStorage } from './support/memory-storage.ts';

const { Session } = await import('../src/lib/state/session.svelte.ts');
const { MutationState } = await import('../src/lib/state/mutation-state.svelte.ts');
const { Loadable } = await import('../src/lib/state/loadable.svelte.ts');
const { Router } = await import('../src/lib/state/router.svelte.ts');
const { RequestLogState } = await import('../src/lib/state/request-log-state.svelte.ts');
const { PlaygroundState } = await import('../src/lib/playground/playground-state.svelte.ts');
const { GraphQLRequestError } = await import('../src/lib/graphql/graphql-request-error.ts');
const { memoryStorage } = await import('./support/memory-storage.ts');
const { LiveSubscription } = await import('../src/lib/state/live-subscription.svelte.ts');
const { watch } = await import('./support/watch.svelte.ts');

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

test('Session keeps a verified key in the given storage and forgets it on sign out', async () => {
  const storage: MemoryStorage = memoryStorage();
  const session = new Session(storage);
  assert.is(session.signedIn, false);
  const checked: string[] = [];
  await session.signIn('  master-key  ', async (key) => {
    checked.push(key);
    return { name: 'master', role: 'ADMIN' };
  });
  assert.equal(checked, ['master-key']);
  assert.is(session.key, 'master-key');
  assert.is(session.role, 'ADMIN');
  assert.is(storage.getItem('conduit.adminKey'), 'master-key');
  const reloaded = new Session(storage);
  assert.is(reloaded.key, 'master-key', 'a reload in the same tab stays signed in');
  assert.is(reloaded.role, 'ADMIN', 'and keeps the role');
  session.signOut();
  assert.is(session.signedIn, false);
  assert.is(session.role, undefined);
  assert.is(storage.getItem('conduit.adminKey'), null);
  assert.is(storage.getItem('conduit.adminIdentity'), null);
});

test('Session.may follows the role order VIEWER < OPERATOR < ADMIN; an unknown role may nothing', async () => {
  const storage = memoryStorage();
  const session = new Session(storage);
  assert.is(session.may('VIEWER'), false, 'signed out');
  await session.signIn('viewer-token', async () => ({ name: 'auditor', role: 'VIEWER' }));
  assert.equal([session.may('VIEWER'), session.may('OPERATOR'), session.may('ADMIN')], [true, false, false]);
  session.remember({ name: 'auditor', role: 'OPERATOR' });
  assert.equal([session.may('VIEWER'), session.may('OPERATOR'), session.may('ADMIN')], [true, true, false]);
  storage.setItem('conduit.adminIdentity', '{"name":"x","role":"ROOT"}');
  const tampered = new Session(storage);
  assert.is(tampered.role, undefined, 'a role the schema does not know is ignored');
  assert.is(tampered.may('VIEWER'), false);
  storage.setItem('conduit.adminIdentity', 'not json');
  assert.is(new Session(storage).role, undefined);
});

test('Session keeps nothing when the server refuses the key, or when it is empty', async () => {
  const storage = memoryStorage();
  const session = new Session(storage);
  const refusal = await session.signIn('wrong', async () => { throw new Error('Missing or invalid master key'); }).catch((error: Error) => error);
  assert.match(String(refusal), /invalid master key/);
  const empty = await session.signIn('   ', async () => ({ name: 'master', role: 'ADMIN' as const })).catch((error: Error) => error);
  assert.match(String(empty), /Enter the admin key/);
  assert.is(session.signedIn, false);
  assert.is(storage.getItem('conduit.adminKey'), null);
  assert.is(storage.getItem('conduit.adminIdentity'), null);
});

test('MutationState reports success with the value, and clears the previous outcome when run again', async () => {
  const mutation = new MutationState();
  const value = await mutation.run(async () => ({ id: '7' }), (result) => `Created ${result.id}`);
  assert.equal(value, { id: '7' });
  assert.is(mutation.success, 'Created 7');
  assert.is(mutation.pending, false);
  const gate = deferred<void>();
  const running = mutation.run(() => gate.promise, 'again');
  assert.is(mutation.pending, true);
  assert.is(mutation.outcome, undefined);
  gate.resolve();
  await running;
});

test('MutationState puts a service error on the field it names, without the input. prefix', async () => {
  const mutation = new MutationState();
  const value = await mutation.run(async () => {
    throw new GraphQLRequestError([{ message: 'input.options.region: is required by this provider type', extensions: { code: 'BAD_USER_INPUT', field: 'input.options.region' } }]);
  }, 'saved');
  assert.is(value, undefined);
  assert.is(mutation.errorFor('options.region'), 'input.options.region: is required by this provider type');
  assert.is(mutation.errorFor('options'), 'input.options.region: is required by this provider type', 'a parent field shows its sub-field error');
  assert.is(mutation.errorFor('name'), undefined);
  assert.is(mutation.formError(['name', 'options']), undefined, 'shown by its field, not again at the form');
  assert.is(mutation.formError(['name']), 'input.options.region: is required by this provider type', 'a field the form lacks falls back to the form');
});

test('MutationState reads the field out of a GraphQL coercion error', async () => {
  const mutation = new MutationState();
  await mutation.run(async () => {
    throw new GraphQLRequestError([{ message: 'Variable "$input" got invalid value 1.5 at "input.rpm"; Int cannot represent non-integer value: 1.5' }]);
  }, 'saved');
  assert.match(mutation.errorFor('rpm') ?? '', /Int cannot represent/);
});

test('MutationState shows a transport failure at the form level', async () => {
  const mutation = new MutationState();
  await mutation.run(async () => { throw new TypeError('Failed to fetch'); }, 'saved');
  assert.is(mutation.formError(['name']), 'Failed to fetch');
  assert.is(mutation.errorFor('name'), undefined);
});

test('Loadable ignores an answer that arrives after a newer reload', async () => {
  const answers = [deferred<string>(), deferred<string>()];
  let call = 0;
  const loadable = new Loadable(() => answers[call++]!.promise);
  const first = loadable.reload();
  const second = loadable.reload();
  answers[1]!.resolve('new');
  await second;
  answers[0]!.resolve('old');
  await first;
  assert.is(loadable.data, 'new');
  assert.is(loadable.loading, false);
});

test('Loadable keeps the last data and shows the error of a failed reload', async () => {
  let fail = false;
  const loadable = new Loadable(async () => {
    if (fail) throw new Error('gateway down');
    return 1;
  });
  await loadable.reload();
  fail = true;
  await loadable.reload();
  assert.is(loadable.data, 1);
  assert.is(loadable.error, 'gateway down');
});

test('Router maps paths under its base, pushes history and follows back/forward', () => {
  const pushed: string[] = [];
  const router = new Router({ base: '/admin/', pathname: '/admin/keys/', history: { pushState: (_data, _unused, url) => void pushed.push(url) } });
  assert.is(router.path, '/keys');
  assert.is(router.fromPathname('/admin'), '/');
  assert.is(router.fromPathname('/elsewhere'), '/');
  assert.is(router.fromPathname('/administrator'), '/');
  assert.is(router.href('/'), '/admin/');
  router.navigate('/prices');
  router.navigate('/prices');
  assert.equal(pushed, ['/admin/prices'], 'navigating to the current page adds no history entry');
  router.sync('/admin/models');
  assert.is(router.path, '/models');
});

type Row = { id: string; model: string | null; virtualKeyId: string | null; status: number };
const row = (id: string, status = 200, model = 'gpt-4o', virtualKeyId = 'k1'): Row => ({ id, status, model, virtualKeyId });

test('RequestLogState sends model and key filters to the server and pages with the cursor', async () => {
  const queries: unknown[] = [];
  const log = new RequestLogState<Row>(async (query) => {
    queries.push(query);
    return query.after ? { rows: [row('c'), row('b')], hasNextPage: false, endCursor: 'c2' } : { rows: [row('b'), row('a')], hasNextPage: true, endCursor: 'c1' };
  }, 2);
  log.filters.model = ' gpt-4o ';
  log.filters.virtualKeyId = 'k1';
  await log.load();
  await log.loadMore();
  assert.equal(queries, [{ first: 2, model: 'gpt-4o', virtualKeyId: 'k1' }, { first: 2, after: 'c1', model: 'gpt-4o', virtualKeyId: 'k1' }]);
  assert.equal(log.rows.map((entry) => entry.id), ['b', 'a', 'c'], 'a row seen twice is kept once');
  assert.is(log.hasNextPage, false);
});

test('RequestLogState filters by status class in the browser', async () => {
  const log = new RequestLogState<Row>(async () => ({ rows: [row('a', 200), row('b', 429), row('c', 502)], hasNextPage: false, endCursor: null }));
  await log.load();
  log.filters.status = 'client-error';
  assert.equal(log.visible.map((entry) => entry.id), ['b']);
  log.filters.status = 'server-error';
  assert.equal(log.visible.map((entry) => entry.id), ['c']);
  log.filters.status = 'all';
  assert.is(log.visible.length, 3);
});

test('RequestLogState live rows: on top, once, filtered, held while paused', async () => {
  const log = new RequestLogState<Row>(async () => ({ rows: [row('a')], hasNextPage: false, endCursor: null }));
  log.filters.model = 'gpt-4o';
  await log.load();
  log.receive(row('b'));
  log.receive(row('b'));
  log.receive(row('x', 200, 'other-model'));
  assert.equal(log.rows.map((entry) => entry.id), ['b', 'a']);
  log.pause();
  log.receive(row('c'));
  log.receive(row('d'));
  assert.equal(log.rows.map((entry) => entry.id), ['b', 'a']);
  assert.is(log.buffered.length, 2);
  log.resume();
  assert.equal(log.rows.map((entry) => entry.id), ['d', 'c', 'b', 'a']);
});

test('RequestLogState matches a live event (id = requestId) with its stored row, either way round', async () => {
  type Logged = Row & { requestId: string };
  const stored = (id: string, requestId: string): Logged => ({ ...row(id), requestId });
  const log = new RequestLogState<Logged>(async (query) =>
    query.after ? { rows: [stored('41', 'req-b'), stored('40', 'req-a')], hasNextPage: false, endCursor: null } : { rows: [stored('42', 'req-c')], hasNextPage: true, endCursor: 'c1' });
  await log.load();
  log.receive(stored('req-c', 'req-c'));
  assert.equal(log.rows.map((entry) => entry.id), ['42'], 'the event of a row already listed is dropped');
  log.receive(stored('req-d', 'req-d'));
  log.pause();
  log.receive(stored('req-d', 'req-d'));
  assert.is(log.buffered.length, 0, 'nor buffered twice');
  log.resume();
  await log.loadMore();
  assert.equal(log.rows.map((entry) => entry.id), ['req-d', '42', '41', '40']);
  const other = new RequestLogState<Logged>(async () => ({ rows: [stored('7', 'req-z')], hasNextPage: false, endCursor: null }));
  other.receive(stored('req-y', 'req-y'));
  assert.equal(other.rows.map((entry) => entry.id), ['req-y']);
});

test('RequestLogState shows the error of a failed load', async () => {
  const log = new RequestLogState<Row>(async () => { throw new Error('502 from the gateway'); });
  await log.load();
  assert.is(log.error, '502 from the gateway');
  assert.is(log.loading, false);
});

function sseResponse(events: string[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const encoder = new TextEncoder();
      // Split across reads at awkward places, as a network would.
      const text = events.map((event) => `data: ${event}\n\n`).join('');
      for (let index = 0; index < text.length; index += 7) controller.enqueue(encoder.encode(text.slice(index, index + 7)));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

test('PlaygroundState streams an answer, timing the first token and reading usage', async () => {
  let clock = 0;
  const requests: Array<{ url: string; init: RequestInit }> = [];
  const chat = new PlaygroundState({
    now: () => (clock += 10),
    fetch: async (url, init) => {
      requests.push({ url: String(url), init: init! });
      return sseResponse([
        JSON.stringify({ choices: [{ delta: { content: 'Hel' } }] }),
        JSON.stringify({ choices: [{ delta: { content: 'lo' } }] }),
        JSON.stringify({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }),
        '[DONE]',
      ]);
    },
  });
  await chat.send({ key: 'ck-1', model: 'm', text: 'Hi', stream: true });
  assert.is(requests[0]!.url, '/v1/chat/completions');
  assert.is((requests[0]!.init.headers as Record<string, string>).authorization, 'Bearer ck-1');
  assert.equal(JSON.parse(String(requests[0]!.init.body)), { model: 'm', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } });
  const answer = chat.turns[1]!;
  assert.is(answer.content, 'Hello');
  assert.equal(answer.stats?.usage, { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  assert.ok(answer.stats!.firstTokenMs! > 0 && answer.stats!.firstTokenMs! < answer.stats!.latencyMs);
  assert.is(chat.pending, false);
});

test('PlaygroundState shows the OpenAI error message and drops the unanswered turn', async () => {
  const chat = new PlaygroundState({
    fetch: async () => new Response(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }), { status: 401 }),
  });
  await chat.send({ key: 'bad', model: 'm', text: 'Hi', stream: false });
  assert.is(chat.error, 'Incorrect API key provided');
  assert.is(chat.turns.length, 0);
});

test('PlaygroundState sends an image as a content part and the history on the next turn', async () => {
  const bodies: unknown[] = [];
  const chat = new PlaygroundState({
    fetch: async (_url, init) => {
      bodies.push(JSON.parse(String(init!.body)));
      return new Response(JSON.stringify({ choices: [{ message: { content: 'A cat.' } }], usage: { prompt_tokens: 1, completion_tokens: 2 } }), { status: 200 });
    },
  });
  await chat.send({ key: 'k', model: 'vision', text: 'What is this?', stream: false, image: 'data:image/png;base64,AAAA' });
  await chat.send({ key: 'k', model: 'vision', text: 'Sure?', stream: false });
  assert.equal((bodies[1] as { messages: unknown[] }).messages, [
    { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
    { role: 'assistant', content: 'A cat.' },
    { role: 'user', content: 'Sure?' },
  ]);
});

test('LiveSubscription opens on the first reader, folds values in, and closes when the last reader goes', async () => {
  const events: string[] = [];
  let sink: { next(value: number): void; error(error: unknown): void } | undefined;
  const received: number[] = [];
  const live = new LiveSubscription<number>((opened) => {
    events.push('open');
    sink = opened;
    return () => events.push('close');
  }, (value) => received.push(value));
  assert.equal(events, [], 'nothing opens before someone reads');
  const stopFirst = watch(() => live.latest);
  const stopSecond = watch(() => live.latest);
  assert.equal(events, ['open'], 'two readers share one subscription');
  assert.is(live.connected, true);
  sink!.next(1);
  sink!.next(2);
  assert.is(live.latest, 2);
  assert.equal(received, [1, 2]);
  stopFirst();
  await Promise.resolve();
  assert.equal(events, ['open'], 'still read by the second');
  stopSecond();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(events, ['open', 'close']);
  assert.is(live.connected, false);
});

test('LiveSubscription shows the error that ended it', () => {
  const live = new LiveSubscription<number>((sink) => {
    sink.error(new Error('Live updates are not available: no subscription transport'));
    return () => {};
  });
  const stop = watch(() => live.latest);
  assert.match(live.error ?? '', /not available/);
  assert.is(live.connected, false);
  stop();
});

test.run();
