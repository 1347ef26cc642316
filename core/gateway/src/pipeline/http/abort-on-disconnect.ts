/** A cancellation that fires when the client goes away before its response is complete. */
import type { ServerResponse } from 'node:http';
import { Cancellation } from '@conduit/plugin-api/internal';

export function abortOnDisconnect(response: ServerResponse): Cancellation {
  const cancellation = new Cancellation();
  response.once('close', () => {
    if (!response.writableFinished) cancellation.abort(new Error('The client closed the connection'));
  });
  return cancellation;
}
