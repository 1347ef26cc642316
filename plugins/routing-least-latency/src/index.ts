/** The `least-latency` routing strategy. */
import { definePlugin } from '@conduit/plugin-api';
import { orderByLatency } from './order-by-latency.ts';

export default definePlugin({
  apiVersion: 1,
  kind: 'routing-strategy',
  name: 'least-latency',
  version: '0.1.0',
  description: 'Within each priority tier, the lowest measured latency (moving average) first; unmeasured deployments are tried first.',
  create: ({ random }) => ({ order: (candidates) => orderByLatency(candidates, random) }),
});
export { orderByLatency } from './order-by-latency.ts';
