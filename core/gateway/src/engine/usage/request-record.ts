/** What the pipeline learns about a request as it goes through; the usage recorder turns it into a RequestLog row. */
import type { Usage } from '@conduit/plugin-api';
import type { AdmissionTicket } from '../../domain/admission-ticket.ts';
import type { AudioMeasure } from '../../domain/audio-measure.ts';
import type { DeploymentRoute } from '../state/config-snapshot.ts';
import type { OtherModelUsage } from './other-model-usage.ts';

export interface RequestRecord {
  /** The endpoint's name as logged (`chat/completions`). */
  endpoint: string;
  model?: string;
  route?: DeploymentRoute;
  stream: boolean;
  usage?: Usage;
  usageEstimated: boolean;
  /** The audio the request used (the provider's figure when it reports one, else the gateway's measure). */
  audio?: AudioMeasure;
  /**
   * Usage of other models within the request, each billed at its own model's price (a realtime
   * session's input transcription). Added to the cost only: `usage` keeps the routed model's tokens.
   */
  otherModels?: readonly OtherModelUsage[];
  /** The images an image endpoint's answer held. */
  images?: number;
  attempts: number;
  firstByteMs?: number;
  /** Set when the request failed after the response started (mid-stream). */
  streamError?: { code: string; message: string };
  /** What the admission counted for this request, to be settled when it ends. */
  admission?: AdmissionTicket;
  /**
   * Nano-dollars of this request's cost already settled against the admission, slice by slice,
   * while it ran (a realtime session); the final settlement counts only the rest.
   */
  settledNanos?: number;
  /** Why a long request (a realtime session) ended, as logged. */
  closeReason?: string;
  /** Answered from the response cache: no provider was called, and it costs nothing. */
  cacheHit?: boolean;
  /** A failed authentication's presented key, as its display prefix only (never the key). */
  keyPrefix?: string;
}

export function newRequestRecord(endpoint: string): RequestRecord {
  return { endpoint, stream: false, usageEstimated: false, attempts: 0 };
}
