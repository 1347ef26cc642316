/** A line of the /v1 table: method and path, the declaration, and the wire format its clients speak. */
import type { Endpoint } from './endpoint.ts';
import type { Ingress } from './ingress/ingress.ts';

export interface EndpointRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** The exact path, or with `idFollows` the prefix of a path that ends in an id (model ids may contain slashes). */
  path: string;
  idFollows?: boolean;
  /** With `idFollows`, what the path ends with after the id (`/input_items`); taken before a route of the same prefix without one. */
  suffix?: string;
  /**
   * The route is taken only for requests that carry this header, before a route of the same method
   * and path without one: Anthropic's SDKs send `anthropic-version` on every call, and get the model
   * list in Anthropic's shape at the path OpenAI's SDKs use too.
   */
  header?: string;
  // The table holds endpoints of every input type; each declaration keeps its own types.
  endpoint: Endpoint<never>;
  /** How errors and the gateway's own stream events are written; OpenAI's when absent. */
  ingress?: Ingress;
}
