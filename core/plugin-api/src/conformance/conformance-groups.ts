import type { ConformanceGroup } from './conformance-check.ts';
import { abortChecks } from './abort-checks.ts';
import { chatChecks } from './chat-checks.ts';
import { embeddingChecks } from './embedding-checks.ts';
import { errorChecks } from './error-checks.ts';
import { moderationChecks } from './moderation-checks.ts';
import { jsonChecks } from './json-checks.ts';
import { streamChecks } from './stream-checks.ts';
import { streamToolChecks } from './stream-tool-checks.ts';
import { toolChecks } from './tool-checks.ts';
import { usageChecks } from './usage-checks.ts';
import { visionChecks } from './vision-checks.ts';

/** Every check of the kit, by group, in the order they run. */
export const conformanceGroups: readonly ConformanceGroup[] = [
  { title: 'chat', checks: chatChecks },
  { title: 'usage', checks: usageChecks },
  { title: 'stream', checks: streamChecks },
  { title: 'tools', checks: toolChecks },
  { title: 'stream tools', checks: streamToolChecks },
  { title: 'vision', checks: visionChecks },
  { title: 'json', checks: jsonChecks },
  { title: 'errors', checks: errorChecks },
  { title: 'abort', checks: abortChecks },
  { title: 'embeddings', checks: embeddingChecks },
  { title: 'moderations', checks: moderationChecks },
];
