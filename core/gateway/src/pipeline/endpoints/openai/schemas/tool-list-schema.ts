/** A request's tool definitions, in any ingress's format: at most `tools` of them and `toolsCharacters` of JSON together. */
import { z } from 'zod';
import { sizeUpTo } from '@conduit/plugin-api/internal';
import { requestLimits } from './request-limits.ts';

export function toolListSchema<Tool extends z.ZodType>(tool: Tool) {
  return (
    z
      .array(tool)
      .max(requestLimits.tools, `at most ${requestLimits.tools} tools`)
      // Counted as one JSON text (chatPrompt): its size is looked at only up to the limit.
      .refine((tools) => sizeUpTo(tools, requestLimits.toolsCharacters) < requestLimits.toolsCharacters, {
        message: `the tool definitions are more than ${requestLimits.toolsCharacters} characters of JSON; the limit is ${requestLimits.toolsCharacters}`,
      })
  );
}
