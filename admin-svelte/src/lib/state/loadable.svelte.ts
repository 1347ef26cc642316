/**
 * One piece of server data a page shows: loading, its value, or the error that kept it away. A
 * reload that finishes after a newer one is ignored, so a slow answer never overwrites a fresh one.
 */
import { errorMessage } from '../graphql/graphql-request-error.ts';

export class Loadable<T> {
  data = $state.raw<T | undefined>();
  error = $state<string | undefined>();
  loading = $state(false);
  readonly #load: () => Promise<T>;
  #generation = 0;

  constructor(load: () => Promise<T>) {
    this.#load = load;
  }

  async reload(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const value = await this.#load();
      if (generation !== this.#generation) return;
      this.data = value;
      this.error = undefined;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = errorMessage(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}
