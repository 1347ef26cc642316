/**
 * Responses kept for the Responses API (`store: true`): each visible only to the virtual key that
 * created it, so every read and delete names the key as well as the id.
 */
export interface StoredResponse {
  id: string;
  keyId: string;
  createdAt: Date;
  /** The input items the response was made from, the earlier turns of `previous_response_id` included, as JSON text. */
  inputItems: string;
  /** The Response object as it was answered, as JSON text. */
  response: string;
}

export interface StoredResponseStore {
  save(response: StoredResponse): Promise<void>;
  /** The response `id` if `keyId` created it; undefined otherwise, whoever else did. */
  find(id: string, keyId: string): Promise<StoredResponse | undefined>;
  /** Whether `keyId`'s response `id` existed and is now gone. */
  delete(id: string, keyId: string): Promise<boolean>;
}
