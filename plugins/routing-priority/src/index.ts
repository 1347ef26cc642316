/** The `priority` routing strategy: deterministic, primary first, then backups. */
import { definePlugin } from '@conduit/plugin-api';
import { orderByPriority } from './order-by-priority.ts';

export default definePlugin({
  apiVersion: 1,
  kind: 'routing-strategy',
  name: 'priority',
  version: '0.1.0',
  description: 'Lowest priority value first, ties by weight (heaviest first), then configuration order.',
  create: () => ({ order: (candidates) => orderByPriority(candidates) }),
});
export { orderByPriority } from './order-by-priority.ts';
