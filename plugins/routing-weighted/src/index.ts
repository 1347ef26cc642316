/** The `weighted` routing strategy: traffic within a priority tier spreads in proportion to the weights. */
import { definePlugin, orderWithinPriority } from '@conduit/plugin-api';
import { weightedShuffle } from './weighted-shuffle.ts';

export default definePlugin({
  apiVersion: 1,
  kind: 'routing-strategy',
  name: 'weighted',
  version: '0.1.0',
  description: 'Within each priority tier, a random order in proportion to the weights.',
  create: ({ random }) => ({ order: (candidates) => orderWithinPriority(candidates, (tier) => weightedShuffle(tier, random)) }),
});
export { weightedShuffle } from './weighted-shuffle.ts';
