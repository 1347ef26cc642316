/** The `random` routing strategy: uniform within each priority tier, weights ignored. */
import { definePlugin, orderWithinPriority } from '@conduit/plugin-api';
import { shuffle } from './shuffle.ts';

export default definePlugin({
  apiVersion: 1,
  kind: 'routing-strategy',
  name: 'random',
  version: '0.1.0',
  description: 'Within each priority tier, a uniform random order.',
  create: ({ random }) => ({ order: (candidates) => orderWithinPriority(candidates, (tier) => shuffle(tier, random)) }),
});
export { shuffle } from './shuffle.ts';
