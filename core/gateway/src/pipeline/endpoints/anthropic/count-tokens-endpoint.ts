/**
 * POST /v1/messages/count_tokens: the prompt's tokens as the gateway counts them (its tokenizer for
 * the model, the same count the admission reserves by), answered without calling a provider.
 */
import { modelNotFound } from '../../../domain/gateway-error.ts';
import { defineEndpoint } from '../../endpoint.ts';
import { readJsonBody } from '../../http/read-json-body.ts';
import { chatPrompt } from '../openai/chat-capabilities.ts';
import { parseRequestBodyInTurns } from '../openai/schemas/parse-request-body.ts';
import { countTokensRequestInTurns } from './schemas/messages-request-schema.ts';
import { promptOf } from './to-chat-request.ts';

/** What Anthropic bills an image at most (it scales images down to about 1.15 megapixels). */
export const tokensPerImage = 1_600;

interface CountedPrompt {
  model: string;
  inputTokens: number;
}

export const countTokensEndpoint = defineEndpoint<CountedPrompt>({
  name: 'messages/count_tokens',
  permission: 'CHAT',
  parse: async (exchange, limits) => {
    const request = await parseRequestBodyInTurns(countTokensRequestInTurns, await readJsonBody(exchange, limits.bodyLimitBytes));
    const prompt = chatPrompt(promptOf(request));
    const text = await prompt.countTokens(request.model);
    return { model: request.model, inputTokens: text + (prompt.media?.images ?? 0) * tokensPerImage };
  },
  delivery: () => ({
    kind: 'local',
    answer: ({ model, inputTokens }, key, snapshot) => {
      if (!key.allowsModel(model) || snapshot.routesFor(model).length === 0) throw modelNotFound(model);
      return { input_tokens: inputTokens };
    },
  }),
});
