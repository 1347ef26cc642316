/** The `round-robin` routing strategy. */
import { definePlugin } from '@conduit/plugin-api';
import { RoundRobin } from './round-robin.ts';

export default definePlugin({
  apiVersion: 1,
  kind: 'routing-strategy',
  name: 'round-robin',
  version: '0.1.0',
  description: 'Within each priority tier, deployments take turns (per model name, per gateway instance).',
  create: () => new RoundRobin(),
});
export { RoundRobin } from './round-robin.ts';
