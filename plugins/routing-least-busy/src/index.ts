/** The `least-busy` routing strategy. */
import { definePlugin } from '@conduit/plugin-api';
import { orderByInFlight } from './order-by-in-flight.ts';

export default definePlugin({
  apiVersion: 1,
  kind: 'routing-strategy',
  name: 'least-busy',
  version: '0.1.0',
  description: 'Within each priority tier, the deployment with the fewest requests in flight first.',
  create: ({ random }) => ({ order: (candidates) => orderByInFlight(candidates, random) }),
});
export { orderByInFlight } from './order-by-in-flight.ts';
