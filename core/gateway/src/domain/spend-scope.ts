/** Whose spend a budget counts: a virtual key's or its key group's. */
export type SpendScopeKind = 'key' | 'group';
