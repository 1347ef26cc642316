/**
 * Remembers the thought signatures Gemini attached to the function calls it returned, by tool call id,
 * so that the next turn can send them back (Gemini 3 rejects replayed calls without one). OpenAI's
 * format has no field to carry them through the client, so they live here, per client and process,
 * bounded; a call this process did not see gets Google's documented skip value instead.
 */
export class ThoughtSignatureCache {
  private readonly signatures = new Map<string, string>();

  constructor(private readonly capacity = 10_000) {}

  remember(toolCallId: string, signature: string): void {
    this.signatures.delete(toolCallId);
    this.signatures.set(toolCallId, signature);
    if (this.signatures.size > this.capacity) {
      const oldest = this.signatures.keys().next().value;
      if (oldest !== undefined) this.signatures.delete(oldest);
    }
  }

  get(toolCallId: string): string | undefined {
    return this.signatures.get(toolCallId);
  }
}
