/**
 * What the realtime conformance kit needs of a fake provider: where it is, the credentials it
 * accepts, and a few provider-neutral handles to drive it (audio in, audio out, the end of a
 * response, a malformed message). Everything else is the provider's wire format, in the fake.
 */
export interface RealtimeFakeUpstream {
  provider: {
    /** The base URL a provider record would have to reach the fake. */
    baseUrl: string;
    /** Credentials the fake accepts; any other `apiKey` is refused at the handshake (or REST call). */
    credentials: Record<string, string>;
    options: Record<string, unknown>;
  };
  /** The sample rate of the PCM16 the fake receives and sends. */
  readonly audioRate: number;
  /** Bytes of user audio (PCM16 at `audioRate`) the fake has received over all sessions. */
  receivedAudioBytes(): number;
  /** Makes the open session's agent speak `seconds` of audio (PCM16 at `audioRate`). */
  speak(seconds: number): void;
  /** Ends the agent's current response the provider's way (usage, if the provider reports it per response). */
  finishResponse(): void;
  /** Sends a message the translator cannot read (bad JSON, or JSON of no known shape). */
  sendMalformed(): void;
  /** WebSockets open to the fake. */
  openSockets(): number;
  close(): Promise<void>;
}
