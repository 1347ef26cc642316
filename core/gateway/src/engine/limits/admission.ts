/**
 * The gate every billable request passes after its model is resolved and before a provider is
 * called: rate limits, budgets and their reservations live behind this interface. It returns a
 * ticket, which the usage recorder settles to the real cost when the request ends.
 */
import type { AdmissionTicket } from '../../domain/admission-ticket.ts';
import type { AudioMeasure } from '../../domain/audio-measure.ts';
import type { AuthenticatedKey } from '../keys/virtual-key-cache.ts';
import type { DeploymentRoute } from '../state/config-snapshot.ts';
import type { ModelPrice } from '../usage/price-table.ts';
import type { Prompt } from '../usage/prompt.ts';

export interface AdmissionRequest {
  key: AuthenticatedKey;
  /** For log lines about this request. */
  requestId: string;
  endpoint: string;
  /** The public model name. */
  model: string;
  /** The deployments that may serve the request, in the order they will be tried. */
  routes: readonly DeploymentRoute[];
  /** The prompt, for counting its tokens. */
  prompt: Prompt;
  /** The most output tokens the request allows (`max_completion_tokens` / `max_tokens`), if it says. */
  maxOutputTokens: number | undefined;
  /** The most audio the request can be billed for (seconds in, characters to speak), for the budget reservation. */
  audio?: AudioMeasure;
  /** The most images the request can produce: it is billed by image or by the tokens its answer reports. */
  images?: number;
}

export interface Admitted {
  ticket: AdmissionTicket;
  /** The key's `x-ratelimit-*` headers after this admission. */
  headers: Readonly<Record<string, string>>;
}

/** A long session (realtime): session slots held until it ends, budgets reserved a slice at a time. */
export interface SessionAdmissionRequest {
  key: AuthenticatedKey;
  requestId: string;
  endpoint: string;
  model: string;
  routes: readonly DeploymentRoute[];
  /** The sessions of this kind the key may hold at once (across every instance). */
  maxKeySessions: number;
  /** The sessions of this kind the whole gateway may hold at once. */
  maxSessions: number;
  /** The first slice reserved against budgets, in nano-dollars, from the routes' prices. */
  sliceCost(prices: ReadonlyArray<ModelPrice | undefined>): number;
}

export interface Admission {
  /** Throws a GatewayError (429, 403…) to refuse the request. */
  admit(request: AdmissionRequest): Promise<Admitted>;
  /**
   * Admits a session: its slots and the first slice of its budgets, atomically (refused: a 429
   * GatewayError). The ticket's slots are held until the usage recorder settles it; between, each
   * slice is settled (AdmissionSettlement.settleSlice) and the next reserved with `reserveSlice`.
   */
  admitSession(request: SessionAdmissionRequest): Promise<Admitted>;
  /** Reserves the next slice of a session's budgets; false when a budget cannot cover it. */
  reserveSlice(ticket: AdmissionTicket, amount: number): Promise<boolean>;
  /** The key's `x-ratelimit-*` headers without counting anything (for answers that are not billed). */
  currentHeaders(key: AuthenticatedKey): Promise<Readonly<Record<string, string>>>;
}

const none: readonly never[] = Object.freeze([]);

/** A ticket that counted nothing: whose spend the request is, and nothing to settle. */
export function uncountedTicket(id: string, scopes: AdmissionTicket['scopes'], periodKeys: readonly string[]): AdmissionTicket {
  return { id, scopes, periodKeys, tokenWindows: none, parallel: none, budgets: none, settled: false };
}

/** Admits every request: the gateway before limits and budgets exist (tests of other parts). */
export const admitAll: Admission = {
  async admit(request) {
    return { ticket: uncountedTicket(request.requestId, [{ kind: 'key', id: request.key.id }], none), headers: {} };
  },
  async admitSession(request) {
    return { ticket: uncountedTicket(request.requestId, [{ kind: 'key', id: request.key.id }], none), headers: {} };
  },
  async reserveSlice() {
    return true;
  },
  async currentHeaders() {
    return {};
  },
};
