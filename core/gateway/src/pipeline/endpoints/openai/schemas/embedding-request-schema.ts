import { z } from 'zod';
import { requestLimits } from './request-limits.ts';
import { textOrTokens } from './text-or-tokens.ts';

export const embeddingRequestSchema = z
  .object({
    model: z.string().min(1).max(requestLimits.modelLength),
    input: textOrTokens({ nonEmpty: true }),
    encoding_format: z.enum(['float', 'base64']).optional(),
    dimensions: z.number().int().positive().optional(),
    user: z.string().optional(),
  })
  .loose();
