/** A stored key row with no limits, as the key store returns it, for tests of the key cache. */
import type { StoredKey } from '../../src/ports/key-store.ts';
import { noLimits } from '../../src/domain/limit-settings.ts';

export function storedKey(name: string, id = 'key-1'): StoredKey {
  return {
    id,
    name,
    enabled: true,
    expiresAt: null,
    allowedModels: null,
    metadata: {},
    groupId: null,
    permissions: null,
    maxRealtimeSessions: null,
    ...noLimits,
  };
}
