/**
 * The body for a GraphQL refusal that graphql-yoga answers without one (415 for a POST that is not
 * JSON, 406 for an Accept it cannot serve): a GraphQL error saying what to send instead. Without it
 * Koa turned the empty body into 204 No Content.
 */
import { STATUS_CODES } from 'node:http';

const hints: Record<number, string> = {
  406: 'This endpoint answers application/graphql-response+json, application/json or text/event-stream; send an Accept header that allows one of them.',
  415: 'Send the request as application/json (a JSON object with "query" and optionally "variables" and "operationName").',
};

export function graphqlEmptyAnswer(status: number): { errors: Array<{ message: string; extensions: { code: string; status: number } }> } {
  const reason = STATUS_CODES[status] ?? 'Request refused';
  const message = hints[status] ? `${reason}. ${hints[status]}` : `${reason}.`;
  return { errors: [{ message, extensions: { code: reason.toUpperCase().replace(/[^A-Z0-9]+/g, '_'), status } }] };
}
