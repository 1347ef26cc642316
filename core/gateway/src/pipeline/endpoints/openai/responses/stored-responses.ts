/**
 * The Responses API's stored responses, per virtual key, over the store port: a response is kept with
 * the input items it was made from (earlier turns included), so `previous_response_id` and
 * `input_items` read one row. Storing never fails an answer: a response larger than the limit, or a
 * database that refuses it, is logged and answered with `store: false` (it cannot be retrieved).
 */
import { GatewayError } from '../../../../domain/gateway-error.ts';
import type { Logger } from '../../../../ports/logger.ts';
import type { StoredResponseStore } from '../../../../ports/stored-response-store.ts';
import type { InputItem } from './input-items.ts';
import type { ResponseObject } from './response-object.ts';

export interface KeptResponse {
  inputItems: InputItem[];
  response: ResponseObject;
}

export class StoredResponses {
  constructor(
    private readonly store: StoredResponseStore,
    private readonly logger: Logger,
    /** The most bytes of JSON (input items and Response together) one stored response may take. */
    readonly maxBytes: number,
  ) {}

  /** Keeps `response` for `keyId`; returns the Response as answered: `store: true` when kept, `store: false` when not. */
  async keep(keyId: string, inputItems: readonly InputItem[], response: ResponseObject): Promise<ResponseObject> {
    const kept = { ...response, store: true };
    const items = JSON.stringify(inputItems);
    const body = JSON.stringify(kept);
    const bytes = Buffer.byteLength(items) + Buffer.byteLength(body);
    if (bytes > this.maxBytes) {
      this.logger.warn({ responseId: response.id, bytes, maxBytes: this.maxBytes }, 'response too large to store; answered with store: false');
      return { ...response, store: false };
    }
    try {
      await this.store.save({ id: response.id, keyId, createdAt: new Date(response.created_at * 1000), inputItems: items, response: body });
      return kept;
    } catch (error) {
      this.logger.error({ err: error, responseId: response.id }, 'storing a response failed; answered with store: false');
      return { ...response, store: false };
    }
  }

  /** `keyId`'s response `id`; a 404 in the API's words when it is unknown or another key's. */
  async find(keyId: string, id: string): Promise<KeptResponse> {
    const row = await this.store.find(id, keyId);
    if (!row) throw responseNotFound(id);
    return { inputItems: JSON.parse(row.inputItems) as InputItem[], response: JSON.parse(row.response) as ResponseObject };
  }

  /** Deletes `keyId`'s response `id`; a 404 when there is none. */
  async delete(keyId: string, id: string): Promise<void> {
    if (!(await this.store.delete(id, keyId))) throw responseNotFound(id);
  }
}

export const responseNotFound = (id: string): GatewayError =>
  new GatewayError({ status: 404, type: 'invalid_request_error', code: 'not_found', message: `Response with id '${id}' not found.` });

/** What the API answers for a `previous_response_id` it does not know (or that another key made). */
export const previousResponseNotFound = (id: string): GatewayError =>
  new GatewayError({ status: 400, type: 'invalid_request_error', code: 'previous_response_not_found', param: 'previous_response_id', message: `Previous response with id '${id}' not found.` });
