/** The `least-cost` routing strategy. */
import { definePlugin } from '@conduit/plugin-api';
import { orderByCost } from './order-by-cost.ts';

export default definePlugin({
  apiVersion: 1,
  kind: 'routing-strategy',
  name: 'least-cost',
  version: '0.1.0',
  description: 'Within each priority tier, the cheapest deployment for the request (prices from ModelCost) first; unpriced ones last.',
  create: ({ random }) => ({ order: (candidates, request) => orderByCost(candidates, request, random) }),
});
export { orderByCost } from './order-by-cost.ts';
export { estimateCost } from './estimate-cost.ts';
