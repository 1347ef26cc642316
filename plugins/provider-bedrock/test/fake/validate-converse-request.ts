/** The checks Bedrock makes on a Converse body, with its own ValidationException messages. */
type Json = Record<string, unknown>;

const knownFields = new Set([
  'messages',
  'system',
  'inferenceConfig',
  'toolConfig',
  'guardrailConfig',
  'additionalModelRequestFields',
  'promptVariables',
  'additionalModelResponseFieldPaths',
  'requestMetadata',
  'performanceConfig',
  'serviceTier',
  'outputConfig',
]);

export function validateConverseRequest(body: Json): string | undefined {
  for (const key of Object.keys(body)) {
    if (!knownFields.has(key)) return `The request body contains the unknown field "${key}".`;
  }
  const messages = body.messages;
  if (!Array.isArray(messages)) return "1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null";
  if (messages.length === 0) return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.';
  let usesTools = false;
  for (const [index, message] of (messages as Json[]).entries()) {
    if (message.role !== 'user' && message.role !== 'assistant') {
      return `1 validation error detected: Value '${String(message.role)}' at 'messages.${index + 1}.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]`;
    }
    if (index === 0 && message.role !== 'user') {
      return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.';
    }
    if (index > 0 && (messages as Json[])[index - 1]!.role === message.role) {
      return 'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.';
    }
    const content = message.content;
    if (!Array.isArray(content) || content.length === 0) {
      return `The content field in the Message object at messages.${index} is empty. Add a ContentBlock object to the content field and try again.`;
    }
    for (const [at, block] of (content as Json[]).entries()) {
      const members = Object.keys(block);
      if (members.length !== 1) return `The ContentBlock at messages.${index}.content.${at} must set exactly one member.`;
      if (typeof block.text === 'string' && block.text.trim() === '') {
        return `The text field in the ContentBlock object at messages.${index}.content.${at} is blank. Add text to the text field, and try again.`;
      }
      if ('toolUse' in block || 'toolResult' in block) usesTools = true;
    }
  }
  if (usesTools && !body.toolConfig) return 'The toolConfig field must be defined when using toolUse and toolResult content blocks.';
  return undefined;
}
