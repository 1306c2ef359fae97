/** Turns an ApiError into words for people: what happened and what to do about it. */
import type { ApiError } from './api.js';

export interface ErrorText {
  readonly title: string;
  readonly detail: string;
  /** Seconds the Retry button should wait (429 Retry-After). */
  readonly wait?: number;
}

export function describeError(error: ApiError): ErrorText {
  const server = error.message;
  switch (error.kind) {
    case 'aborted':
      return { title: 'Stopped.', detail: 'The answer was cancelled before it was complete.' };
    case 'network':
      return {
        title: 'Can’t reach the server.',
        detail: 'Check that the assistant is running and that you are online, then retry.',
      };
    case 'timeout':
      return { title: 'The server took too long to answer.', detail: 'It may be busy. Retry in a moment.' };
    case 'stream':
      return { title: 'The answer was interrupted.', detail: server };
    case 'http':
      break;
  }
  const status = error.status ?? 0;
  if (status === 429 || error.code === 'rate_limited') {
    const wait = error.retryAfter ?? 10;
    return {
      title: 'Too many questions in a short time.',
      detail: `The server asks to wait ${wait} second${wait === 1 ? '' : 's'} before the next question.`,
      wait,
    };
  }
  if (status === 503 || error.code === 'index_not_ready') {
    return {
      title: 'The assistant isn’t ready yet.',
      detail: 'The statement index is still being built. Retry in a moment.',
    };
  }
  if (status === 400 || status === 413) return { title: 'The question could not be sent.', detail: server };
  if (status === 401) {
    return { title: 'This server needs an access token.', detail: `${server} Retry to enter the token.` };
  }
  if (status === 403) return { title: 'The server refused the request.', detail: server };
  if (status === 502 || error.code === 'upstream_error') {
    return { title: 'The language model service failed.', detail: server };
  }
  return { title: `The server hit an error (${status}).`, detail: server };
}
