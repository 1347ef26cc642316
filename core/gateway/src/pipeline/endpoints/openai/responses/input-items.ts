/**
 * A request's input as the Responses API lists it back (`GET /v1/responses/{id}/input_items`): each
 * item with an id (the client's, else a new one), a message's text as content parts.
 */
import { randomId } from '../../random-id.ts';
import type { OutputItem } from './response-object.ts';
import type { ResponsesInputItem, ResponsesRequest } from './schemas/responses-request-schema.ts';

export type InputItem = ResponsesInputItem & { id: string };

const idPrefixes: Record<ResponsesInputItem['type'], string> = { message: 'msg_', function_call: 'fc_', function_call_output: 'fco_', reasoning: 'rs_' };

export function toInputItems(input: ResponsesRequest['input']): InputItem[] {
  if (typeof input === 'string') return [{ id: randomId('msg_', 48), type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }];
  return input.map(withId);
}

/** A Response's output as input to the next turn: output items are valid input items as they are. */
export function outputAsInput(output: readonly OutputItem[]): InputItem[] {
  return output as unknown as InputItem[];
}

function withId(item: ResponsesInputItem): InputItem {
  const given = (item as { id?: unknown }).id;
  const id = typeof given === 'string' && given !== '' ? given : randomId(idPrefixes[item.type], 48);
  if (item.type === 'message' && typeof item.content === 'string') {
    const part = item.role === 'assistant' ? { type: 'output_text' as const, text: item.content, annotations: [] } : { type: 'input_text' as const, text: item.content };
    return { ...item, id, content: [part] } as InputItem;
  }
  return { ...item, id };
}
