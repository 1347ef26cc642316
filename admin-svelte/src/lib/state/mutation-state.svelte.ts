/**
 * The outcome of a form's mutation: pending while it runs, then a success line, or the server's
 * error — attached to the field it names when it names one, so the form shows it next to that field.
 */
import { errorMessage, GraphQLRequestError } from '../graphql/graphql-request-error.ts';

export type MutationOutcome = { kind: 'success'; text: string } | { kind: 'error'; text: string; field?: string };

export class MutationState {
  pending = $state(false);
  outcome = $state<MutationOutcome | undefined>();

  /** Runs `action`; returns its value, or undefined when it failed (the error is in `outcome`). */
  async run<T>(action: () => Promise<T>, success: string | ((value: T) => string)): Promise<T | undefined> {
    this.pending = true;
    this.outcome = undefined;
    try {
      const value = await action();
      this.outcome = { kind: 'success', text: typeof success === 'function' ? success(value) : success };
      return value;
    } catch (error) {
      const field = error instanceof GraphQLRequestError ? error.field : undefined;
      this.outcome = { kind: 'error', text: errorMessage(error), ...(field ? { field } : {}) };
      return undefined;
    } finally {
      this.pending = false;
    }
  }

  /** Shows a success that happened elsewhere (a form that closed after saving). */
  announce(text: string): void {
    this.outcome = { kind: 'success', text };
  }

  /** Records a check the form made itself, before asking the server. */
  fail(text: string, field?: string): void {
    this.outcome = { kind: 'error', text, ...(field ? { field } : {}) };
  }

  /** The error for `field` or for any of its sub-fields (`options` matches `options.region`). */
  errorFor(field: string): string | undefined {
    const outcome = this.outcome;
    if (outcome?.kind !== 'error' || !outcome.field) return undefined;
    return outcome.field === field || outcome.field.startsWith(`${field}.`) ? outcome.text : undefined;
  }

  /** The error no field of the form shows (`fields` are those the form renders). */
  formError(fields: readonly string[]): string | undefined {
    const outcome = this.outcome;
    if (outcome?.kind !== 'error') return undefined;
    if (outcome.field && fields.some((field) => outcome.field === field || outcome.field!.startsWith(`${field}.`))) return undefined;
    return outcome.text;
  }

  get success(): string | undefined {
    return this.outcome?.kind === 'success' ? this.outcome.text : undefined;
  }

  reset(): void {
    this.outcome = undefined;
  }
}
