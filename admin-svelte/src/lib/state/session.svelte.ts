/**
 * Who is signed in: the admin key (master key or admin token), kept in sessionStorage (never
 * localStorage) so it ends with the tab. The key is checked against the API before it is kept.
 */
export interface KeyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const storageKey = 'conduit.adminKey';

export class Session {
  key = $state<string | undefined>();
  readonly #storage: KeyStorage;

  constructor(storage: KeyStorage) {
    this.#storage = storage;
    this.key = storage.getItem(storageKey) || undefined;
  }

  get signedIn(): boolean {
    return this.key !== undefined;
  }

  /** Checks the key with `verify` (which throws the server's refusal), then keeps it. */
  async signIn(key: string, verify: (key: string) => Promise<void>): Promise<void> {
    const trimmed = key.trim();
    if (!trimmed) throw new Error('Enter the admin key');
    await verify(trimmed);
    this.#storage.setItem(storageKey, trimmed);
    this.key = trimmed;
  }

  signOut(): void {
    this.#storage.removeItem(storageKey);
    this.key = undefined;
  }
}
