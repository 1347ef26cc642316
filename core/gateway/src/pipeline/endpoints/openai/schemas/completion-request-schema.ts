import { z } from 'zod';
import { requestLimits } from './request-limits.ts';
import { textOrTokens } from './text-or-tokens.ts';

export const completionRequestSchema = z
  .object({
    model: z.string().min(1).max(requestLimits.modelLength),
    prompt: textOrTokens(),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullish(),
    max_tokens: z.number().int().min(0).nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    n: z.number().int().min(1).max(128).nullish(),
    stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
    echo: z.boolean().nullish(),
    best_of: z.number().int().min(0).max(20).nullish(),
    logprobs: z.number().int().min(0).max(5).nullish(),
    suffix: z.string().nullish(),
    user: z.string().optional(),
  })
  .loose();
