/** An AbortSignal that fires when the client goes away before its response is complete. */
import type { ServerResponse } from 'node:http';

export function abortOnDisconnect(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort(new Error('The client closed the connection'));
  });
  return controller.signal;
}
