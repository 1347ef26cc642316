/**
 * The transaction an admin mutation runs in, seen by what must wait for it: work that may only happen
 * once the change is in the database (applying it in memory, announcing it to other instances).
 */
export interface CommitScope {
  /**
   * Inside a mutation's transaction: runs `committed` after it commits, or `rolledBack` after it rolls
   * back, and returns true. Outside one (or once it settled, for work that outlived it): runs nothing
   * and returns false.
   */
  whenSettled(committed: () => Promise<void> | void, rolledBack: () => Promise<void> | void): boolean;
}
