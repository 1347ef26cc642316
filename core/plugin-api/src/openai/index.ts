export type * from './chat-request.ts';
export type * from './chat-response.ts';
export type * from './chat-chunk.ts';
export type * from './completions.ts';
export type * from './embeddings.ts';
export type * from './images.ts';
export type * from './models.ts';
export type * from './error-body.ts';
