/**
 * Puts a fake upstream together from its parts: the provider record pointing at it, its reply
 * script and its server. What it returns is a ConformanceFakeUpstream with the hooks plugin tests
 * use; a fake adds its own hooks by spreading it into a larger object.
 */
import type { ConformanceFakeUpstream, ObservedRequest, ScriptedReply } from '../fake-upstream.ts';
import type { FakeReplyScript } from './fake-reply-script.ts';
import type { FakeHttpServer } from './start-fake-http-server.ts';

export interface AssembledFakeUpstream<Reply = ScriptedReply> extends Omit<ConformanceFakeUpstream, 'enqueue'> {
  /** `http://127.0.0.1:<port>`; `provider.baseUrl` may add a path to it. */
  readonly origin: string;
  /** Accepts the kit's ScriptedReply, and whatever replies of its own the fake understands. */
  enqueue(reply: Reply): void;
  /** Resolves with the `count`-th request (counting from 1, since the start or the last reset) once it has arrived. */
  waitForRequests(count: number): Promise<ObservedRequest>;
  /** Scripted replies not consumed yet. */
  pending(): number;
  /** Answers still being written, or held by a hang. */
  inFlight(): number;
  /** Forgets queued replies and observed requests. */
  reset(): void;
}

export interface FakeUpstreamParts<Reply> {
  provider: ConformanceFakeUpstream['provider'];
  script: FakeReplyScript<Reply>;
  /** The server, or anything that serves the fake the same way (e.g. one that also speaks HTTP/2). */
  server: FakeHttpServer;
}

export function assembleFakeUpstream<Reply = ScriptedReply>({ provider, script, server }: FakeUpstreamParts<Reply>): AssembledFakeUpstream<Reply> {
  return {
    origin: server.origin,
    provider,
    enqueue: (reply) => script.enqueue(reply),
    lastRequest: () => script.lastRequest(),
    requests: () => script.requests(),
    waitForRequests: (count) => script.waitForRequests(count),
    pending: () => script.pending(),
    reset: () => script.reset(),
    clientClosed: () => server.clientClosed(),
    inFlight: () => server.inFlight(),
    close: () => server.close(),
  };
}
