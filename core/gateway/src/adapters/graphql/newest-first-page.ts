/**
 * Relay connections over lists read newest first with a keyset (the services read `first + 1` rows
 * after a cursor's position, so the extra row says whether another page follows). One place for the
 * page size, the cursors and the connection shape of the request log, health history, audit log and
 * notifications.
 */

/** The page size a client asked for, within 1..500 (50 by default). */
export function pageSize(first: number | null | undefined): number {
  return Math.min(Math.max(first ?? 50, 1), 500);
}

/** Opaque cursors that carry a numeric row id under a prefix (`log:42`, base64url). */
export function idCursors(prefix: string): { cursorOf(id: number): string; idOf(cursor: string): number | undefined } {
  const pattern = new RegExp(`^${prefix}:(\\d+)$`);
  return {
    cursorOf: (id) => Buffer.from(`${prefix}:${id}`).toString('base64url'),
    idOf: (cursor) => {
      const match = pattern.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
      return match ? Number(match[1]) : undefined;
    },
  };
}

/** The connection for `rows` (up to `first + 1` of them, read after a cursor when `hasPrevious`). */
export function newestFirstConnection<Node>(rows: readonly Node[], first: number, hasPrevious: boolean, cursorOf: (node: Node) => string) {
  const page = rows.slice(0, first);
  return {
    edges: page.map((node) => ({ cursor: cursorOf(node), node })),
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: hasPrevious,
      startCursor: page.length ? cursorOf(page[0]!) : null,
      endCursor: page.length ? cursorOf(page[page.length - 1]!) : null,
    },
  };
}
