import { describe, expect, it } from 'vitest';
import { ApiError, parseRetryAfter } from '../../web/src/api.js';
import { describeError } from '../../web/src/describe-error.js';
import { SseParser } from '../../web/src/sse.js';

describe('SseParser', () => {
  it('parses events split anywhere across chunks, with comments and CRLF', () => {
    const text = ': ping\n\nevent: retrieved\ndata: {"retrieved":[]}\n\nevent: delta\r\ndata: {"text":"瓜达尔"}\r\n\r\nevent: done\ndata: {"a":1,\ndata: "b":2}\n\n';
    for (const size of [1, 2, 7, text.length]) {
      const parser = new SseParser();
      const events = [];
      for (let i = 0; i < text.length; i += size) events.push(...parser.push(text.slice(i, i + size)));
      events.push(...parser.end());
      expect(events).toEqual([
        { event: 'retrieved', data: '{"retrieved":[]}' },
        { event: 'delta', data: '{"text":"瓜达尔"}' },
        { event: 'done', data: '{"a":1,\n"b":2}' },
      ]);
    }
  });

  it('delivers a last event without its blank line at the end', () => {
    const parser = new SseParser();
    expect(parser.push('data: x')).toEqual([]);
    expect(parser.end()).toEqual([{ event: 'message', data: 'x' }]);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['12', 12],
    ['0', 0],
    ['2.5', 3],
    ['', undefined],
    [null, undefined],
    ['soon', undefined],
    [new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), 30],
  ])('%s → %s', (value, seconds) => {
    expect(parseRetryAfter(value, Date.UTC(2030, 0, 1))).toBe(seconds);
  });
});

describe('describeError', () => {
  it.each([
    [new ApiError('network', 'x'), /Can’t reach the server/],
    [new ApiError('timeout', 'x'), /took too long/],
    [new ApiError('aborted', 'x'), /Stopped/],
    [new ApiError('http', 'x', { status: 429, retryAfter: 5 }), /Too many questions/],
    [new ApiError('http', 'x', { status: 503, code: 'index_not_ready' }), /isn’t ready yet/],
    [new ApiError('http', 'boom', { status: 500 }), /server hit an error \(500\)/],
    [new ApiError('stream', 'LLM failed'), /interrupted/],
  ])('%s', (error, title) => {
    expect(describeError(error).title).toMatch(title);
  });

  it('waits as long as Retry-After says', () => {
    expect(describeError(new ApiError('http', 'x', { status: 429, retryAfter: 5 })).wait).toBe(5);
  });
});
