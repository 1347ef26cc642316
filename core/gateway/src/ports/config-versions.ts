/**
 * Where instances agree on which configuration they should have: a version per entity, changed by
 * every committed change. Each instance compares them with the versions it applied, so a change
 * whose event was lost (Redis pub/sub is at-most-once) is still applied within one check interval.
 */
import type { ConfigEntity } from './event-bus.ts';

export interface ConfigVersions {
  /** Gives `entity` a new version; call after the change committed. Returns the new version. */
  bump(entity: ConfigEntity): Promise<string>;
  /** The current version of every entity that has been changed at least once. */
  read(): Promise<ReadonlyMap<ConfigEntity, string>>;
}
