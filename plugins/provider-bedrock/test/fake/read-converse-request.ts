/** Reads a Converse request (model in the URL, body in Bedrock's format) into the neutral ObservedRequest. */
import type { JsonSchema } from '@conduit/plugin-api';
import type { ObservedMessage, ObservedRequest } from '@conduit/plugin-api/conformance';

type Json = Record<string, unknown>;

export function readConverseRequest(path: string, headers: ObservedRequest['headers'], body: Json, model: string, stream: boolean): ObservedRequest {
  const observed: ObservedRequest = { path, headers, body, model, stream, messages: [] };
  const system = ((body.system as Json[] | undefined) ?? []).filter((block) => typeof block.text === 'string').map((block) => String(block.text));
  if (system.length > 0) observed.system = system.join('\n');
  for (const message of (body.messages as Json[] | undefined) ?? []) observed.messages.push(readMessage(message));

  const toolConfig = body.toolConfig as { tools?: Array<{ toolSpec?: { name: string; description?: string; inputSchema?: { json?: JsonSchema } } }>; toolChoice?: Json } | undefined;
  if (toolConfig?.tools) {
    observed.tools = toolConfig.tools
      .filter((tool) => tool.toolSpec)
      .map((tool) => ({ name: tool.toolSpec!.name, description: tool.toolSpec!.description, parameters: tool.toolSpec!.inputSchema?.json }));
  }
  const choice = toolConfig?.toolChoice;
  if (choice?.auto) observed.toolChoice = 'auto';
  else if (choice?.any) observed.toolChoice = 'required';
  else if (choice?.tool) observed.toolChoice = { name: String((choice.tool as Json).name) };

  const inference = (body.inferenceConfig as Json | undefined) ?? {};
  if (typeof inference.maxTokens === 'number') observed.maxTokens = inference.maxTokens;
  if (typeof inference.temperature === 'number') observed.temperature = inference.temperature;
  if (typeof inference.topP === 'number') observed.topP = inference.topP;
  if (Array.isArray(inference.stopSequences)) observed.stop = inference.stopSequences as string[];

  const format = (body.outputConfig as { textFormat?: { type?: string; structure?: { jsonSchema?: { schema?: string } } } } | undefined)?.textFormat;
  if (format?.type === 'json_schema') observed.jsonSchema = JSON.parse(format.structure?.jsonSchema?.schema ?? '{}') as JsonSchema;
  return observed;
}

function readMessage(message: Json): ObservedMessage {
  const blocks = (message.content as Json[] | undefined) ?? [];
  const onlyResults = blocks.length > 0 && blocks.every((block) => 'toolResult' in block);
  const observed: ObservedMessage = { role: onlyResults ? 'tool' : (message.role as 'user' | 'assistant') };
  const texts: string[] = [];
  for (const block of blocks) {
    if (typeof block.text === 'string') texts.push(block.text);
    else if (block.image) {
      const image = block.image as { format: string; source: { bytes?: string } };
      (observed.images ??= []).push({ base64: image.source.bytes, mediaType: `image/${image.format}` });
    } else if (block.toolUse) {
      const use = block.toolUse as { toolUseId: string; name: string; input: unknown };
      (observed.toolCalls ??= []).push({ id: use.toolUseId, name: use.name, arguments: use.input });
    } else if (block.toolResult) {
      const result = block.toolResult as { toolUseId: string; content?: Json[] };
      const content = (result.content ?? [])
        .map((part) => (typeof part.text === 'string' ? part.text : JSON.stringify(part.json)))
        .join('\n');
      (observed.toolResults ??= []).push({ toolCallId: result.toolUseId, content });
    }
  }
  if (texts.length > 0) observed.text = texts.join('\n');
  return observed;
}
