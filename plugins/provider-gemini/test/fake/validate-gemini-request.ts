/**
 * The checks the real Gemini API makes that a translation bug would trip: unknown field names (the
 * API's proto JSON parser rejects them with a 400) and empty contents or parts. Returns Google's error
 * message, or undefined when the body is acceptable.
 */
type Json = Record<string, unknown>;

const requestFields = [
  'contents', 'systemInstruction', 'tools', 'toolConfig', 'generationConfig', 'safetySettings',
  'cachedContent', 'model', 'labels', 'serviceTier', 'store',
];
const generationConfigFields = [
  'temperature', 'topP', 'topK', 'candidateCount', 'maxOutputTokens', 'stopSequences', 'presencePenalty',
  'frequencyPenalty', 'seed', 'responseMimeType', 'responseSchema', 'responseJsonSchema', 'responseLogprobs',
  'logprobs', 'responseModalities', 'mediaResolution', 'speechConfig', 'thinkingConfig', 'imageConfig',
  'enableEnhancedCivicAnswers',
];
const partFields = [
  'text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult',
  'thought', 'thoughtSignature', 'videoMetadata', 'partMetadata', 'mediaResolution',
];
const functionDeclarationFields = ['name', 'description', 'parameters', 'parametersJsonSchema', 'response', 'responseJsonSchema', 'behavior'];

export function validateGenerateContent(body: Json): string | undefined {
  const unknown =
    unknownField(body, requestFields, '') ??
    unknownField(asObject(body.generationConfig ?? body.generation_config), generationConfigFields, 'generation_config');
  if (unknown) return unknown;
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0) {
    return '* GenerateContentRequest.contents: contents is not specified\n';
  }
  for (const [index, content] of contents.entries()) {
    const parts = asObject(content).parts;
    if (!Array.isArray(parts) || parts.length === 0) {
      return `* GenerateContentRequest.contents[${index}].parts: contents.parts must not be empty.\n`;
    }
    for (const [partIndex, part] of parts.entries()) {
      const problem = unknownField(asObject(part), partFields, `contents[${index}].parts[${partIndex}]`);
      if (problem) return problem;
      const call = asObject(asObject(part).functionCall);
      if (Object.keys(call).length > 0 && typeof call.name !== 'string') {
        return `* GenerateContentRequest.contents[${index}].parts[${partIndex}].function_call.name: Name cannot be empty.\n`;
      }
    }
  }
  for (const [index, tool] of (Array.isArray(body.tools) ? body.tools : []).entries()) {
    const declarations = asObject(tool).functionDeclarations;
    for (const [declarationIndex, declaration] of (Array.isArray(declarations) ? declarations : []).entries()) {
      const item = asObject(declaration);
      const problem = unknownField(item, functionDeclarationFields, `tools[${index}].function_declarations[${declarationIndex}]`);
      if (problem) return problem;
      if (item.parameters !== undefined && item.parametersJsonSchema !== undefined) {
        return `* GenerateContentRequest.tools[${index}].function_declarations[${declarationIndex}]: parameters and parameters_json_schema are mutually exclusive.\n`;
      }
    }
  }
  return undefined;
}

function unknownField(object: Json, allowed: readonly string[], where: string): string | undefined {
  for (const key of Object.keys(object)) {
    const camel = key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    if (!allowed.includes(camel)) {
      return `Invalid JSON payload received. Unknown name "${key}"${where ? ` at '${where}'` : ''}: Cannot find field.`;
    }
  }
  return undefined;
}

function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}
