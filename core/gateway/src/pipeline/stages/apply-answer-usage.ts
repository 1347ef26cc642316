/** Notes what an answer used on the request record, for settlement and the log. */
import type { RequestRecord } from '../../engine/usage/request-record.ts';
import type { AnswerUsage } from '../endpoint.ts';

export function applyAnswerUsage(record: RequestRecord, answer: AnswerUsage): void {
  record.usage = answer.usage;
  record.usageEstimated = answer.estimated;
  if (answer.audio) record.audio = answer.audio;
}
