/**
 * Before measuring anything: every candidate answers every bench model, stream and non-stream, with
 * a complete OpenAI answer. A misconfigured gateway would otherwise be "fast" at returning errors.
 */
import { Agent } from 'node:http';
import { benchModels } from '../bench-models.ts';
import { streamCompleted } from '../load/paced-streams-probe.ts';
import { timedRequest } from '../load/timed-request.ts';
import { targetFor, type Candidate } from './candidate.ts';

export async function checkCandidates(candidates: readonly Candidate[]): Promise<void> {
  const agent = new Agent({ keepAlive: false });
  try {
    for (const candidate of candidates) {
      for (const model of Object.values(benchModels)) {
        const plain = await timedRequest(targetFor(candidate, model, false), agent, 10_000);
        if (plain.error || plain.bytes < 200) {
          throw new Error(`${candidate.name} did not answer a non-stream ${model} request: ${plain.error ?? `${plain.bytes} bytes`}`);
        }
        const stream = await timedRequest(targetFor(candidate, model, true), agent, 10_000);
        if (!streamCompleted(stream)) {
          throw new Error(`${candidate.name} did not relay a complete ${model} stream: ${stream.error ?? `${stream.events} events, [DONE] ${stream.done}`}`);
        }
      }
    }
  } finally {
    agent.destroy();
  }
}
