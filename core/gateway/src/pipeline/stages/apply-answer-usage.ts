/** Notes what an answer used on the request record, for settlement and the log. */
import type { RequestRecord } from '../../engine/usage/request-record.ts';
import type { AnswerUsage, ImageAnswerUsage } from '../endpoint.ts';

export function applyAnswerUsage(record: RequestRecord, answer: AnswerUsage | ImageAnswerUsage): void {
  record.usage = answer.usage;
  record.usageEstimated = answer.estimated;
  if ('images' in answer) record.images = answer.images;
  else if (answer.audio) record.audio = answer.audio;
}
