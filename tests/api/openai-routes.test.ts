import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/create-app.js';
import { MAX_HISTORY_TURN_CHARS } from '../../src/api/schemas.js';
import type { AnswerResult } from '../../src/types.js';
import { createFakeAnswerer, fakeDeps, jsonHeaders, parseSse, sampleResult } from '../helpers/api-fakes.js';

/** An LLM answer with everything the contract can say about it: a flagged claim, a notice, a cut, usage. */
const checked: AnswerResult = {
  answer: '双方同意加快推进瓜达尔港配套设施建设[4]。双方将建设核电站[4]。',
  citations: [{ paragraph: 4, quote: '双方同意加快推进瓜达尔港配套设施建设。', quote_en: 'The two sides agreed to speed up supporting facilities at Gwadar Port.' }],
  retrieved: sampleResult.retrieved,
  refused: false,
  coverage: 'answered',
  lang: 'zh',
  mode: 'llm',
  model: 'stub-model',
  grounded: false,
  unsupported: [1],
  claims: [
    { start: 0, end: 22, status: 'supported', paragraphs: [4] },
    { start: 22, end: 34, status: 'unsupported', reason: 'content', detail: '第4段没有这些内容：“核电站”', paragraphs: [4] },
  ],
  notice: '回答达到长度上限，到此截断。',
  truncated: true,
  usage: { prompt_tokens: 812, completion_tokens: 30, total_tokens: 842 },
};

const chat = (body: Record<string, unknown>) => ({ method: 'POST', headers: jsonHeaders, body: JSON.stringify({ messages: [{ role: 'user', content: 'q' }], ...body }) });

describe('/v1/chat/completions refuses what it cannot honour', () => {
  const answerer = createFakeAnswerer();
  const app = createApp(fakeDeps({ answerer }));

  it.each<[string, Record<string, unknown>, string]>([
    ['tools', { tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] }, 'tools'],
    ['tool_choice "required"', { tool_choice: 'required' }, 'tool_choice'],
    ['a named tool choice', { tool_choice: { type: 'function', function: { name: 'f' } } }, 'tool_choice'],
    ['legacy functions', { functions: [{ name: 'f' }] }, 'functions'],
    ['legacy function_call', { function_call: { name: 'f' } }, 'function_call'],
    ['n: 2', { n: 2 }, 'n'],
    ['n: 0', { n: 0 }, 'n'],
    ['json_object output', { response_format: { type: 'json_object' } }, 'response_format'],
    ['json_schema output', { response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {} } } }, 'response_format'],
    ['log-probabilities', { logprobs: true }, 'logprobs'],
    ['top log-probabilities', { top_logprobs: 3 }, 'top_logprobs'],
    ['max_tokens 0', { max_tokens: 0 }, 'max_tokens'],
    ['max_tokens not an integer', { max_tokens: 1.5 }, 'max_tokens'],
    ['max_completion_tokens a string', { max_completion_tokens: '100' }, 'max_completion_tokens'],
    ['stream_options not an object', { stream_options: 'yes' }, 'stream_options'],
  ])('%s → 400 invalid_request_error naming %s', async (_name, body, param) => {
    const before = answerer.calls.length;
    const res = await app.request('/v1/chat/completions', chat(body));
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: Record<string, unknown> };
    expect(json).toEqual({ error: { code: 'invalid_request', message: expect.any(String), type: 'invalid_request_error', param } });
    expect(answerer.calls.length).toBe(before);
  });

  it.each<[string, Record<string, unknown>]>([
    ['tool_choice "none"', { tool_choice: 'none' }],
    ['tool_choice "auto" without tools', { tool_choice: 'auto', tools: [] }],
    ['n: 1', { n: 1 }],
    ['text output', { response_format: { type: 'text' } }],
    ['logprobs false', { logprobs: false }],
    ['nulls', { n: null, tools: null, response_format: null, max_tokens: null, stream_options: null }],
  ])('accepts %s', async (_name, body) => {
    expect((await app.request('/v1/chat/completions', chat(body))).status).toBe(200);
  });

  it('every /v1 error carries type and param: a bad message names its path', async () => {
    const res = await app.request('/v1/chat/completions', chat({ messages: [{ role: 'user', content: 5 }] }));
    expect(await res.json()).toEqual({
      error: { code: 'invalid_request', message: expect.any(String), type: 'invalid_request_error', param: 'messages.0.content' },
    });
    const missing = await app.request('/v1/chat/completions', chat({ messages: [{ role: 'system', content: 'x' }] }));
    expect((await missing.json()).error).toMatchObject({ param: 'messages', type: 'invalid_request_error' });
    const route = await app.request('/v1/nothing');
    expect(await route.json()).toEqual({ error: { code: 'not_found', message: expect.any(String), type: 'invalid_request_error', param: null } });
  });
});

describe('/v1/chat/completions passes limits on', () => {
  it('max_tokens and max_completion_tokens: the smaller reaches the answerer', async () => {
    const answerer = createFakeAnswerer();
    const app = createApp(fakeDeps({ answerer }));
    await app.request('/v1/chat/completions', chat({ max_tokens: 300, max_completion_tokens: 200 }));
    await app.request('/v1/chat/completions', chat({ max_completion_tokens: 50 }));
    await app.request('/v1/chat/completions', chat({}));
    expect(answerer.calls.map((c) => c.request.maxTokens)).toEqual([200, 50, undefined]);
  });

  it(`refuses an earlier message longer than ${MAX_HISTORY_TURN_CHARS} characters, and ignores one beyond the kept turns`, async () => {
    const app = createApp(fakeDeps({ config: { maxHistoryTurns: 2 } }));
    const long = 'x'.repeat(MAX_HISTORY_TURN_CHARS + 1);
    const messages = (first: string) => [
      { role: 'user', content: first },
      { role: 'assistant', content: 'a' },
      { role: 'user', content: 'b' },
      { role: 'assistant', content: 'c' },
      { role: 'user', content: 'q' },
    ];
    expect((await app.request('/v1/chat/completions', chat({ messages: messages(long) }))).status).toBe(200);
    const res = await app.request('/v1/chat/completions', chat({ messages: [...messages('a').slice(0, 3), { role: 'assistant', content: long }, { role: 'user', content: 'q' }] }));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ param: 'messages.3.content', message: expect.stringContaining(`at most ${MAX_HISTORY_TURN_CHARS} characters`) });
  });

  it(`/api/ask refuses a history turn longer than ${MAX_HISTORY_TURN_CHARS} characters with a clear 400`, async () => {
    const app = createApp(fakeDeps());
    const res = await app.request('/api/ask', {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({ question: 'q', history: [{ role: 'user', content: '<'.padEnd(MAX_HISTORY_TURN_CHARS + 1, ' ') }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_request', message: `history.0.content: may be at most ${MAX_HISTORY_TURN_CHARS} characters per turn` },
    });
  });
});

describe('/v1/chat/completions says everything /api/ask says', () => {
  const app = createApp(fakeDeps({ answerer: createFakeAnswerer({ result: checked }) }));

  it('on the message: citations (mirrored as annotations), grounded, unsupported, coverage, claims, notice; usage; finish_reason length when cut', async () => {
    const res = await app.request('http://assistant.test/v1/chat/completions', chat({}));
    const body = await res.json();
    expect(body.choices[0]).toEqual({
      index: 0,
      finish_reason: 'length',
      logprobs: null,
      message: {
        role: 'assistant',
        content: checked.answer,
        refusal: null,
        citations: checked.citations,
        annotations: [
          {
            type: 'url_citation',
            url_citation: { start_index: 18, end_index: 21, url: 'http://assistant.test/api/paragraphs/4', title: '第4段：双方同意加快推进瓜达尔港配套设施建设。' },
          },
        ],
        grounded: false,
        unsupported: [1],
        coverage: 'answered',
        claims: checked.claims,
        notice: checked.notice,
      },
    });
    expect(body.usage).toEqual(checked.usage);
    expect(body).toMatchObject({ mode: 'llm', refused: false, lang: 'zh', retrieved: checked.retrieved });
  });

  it('the offline answer has no token counts: usage is left out, not invented', async () => {
    const offline = createApp(fakeDeps());
    const body = await (await offline.request('/v1/chat/completions', chat({}))).json();
    expect(body).not.toHaveProperty('usage');
    expect(body.choices[0].finish_reason).toBe('stop');
    expect(body.choices[0].message).toMatchObject({ grounded: true, unsupported: [], coverage: 'answered' });
  });

  it('an offline answer is not cut to max_tokens, and says so', async () => {
    const offline = createApp(fakeDeps());
    const body = await (await offline.request('/v1/chat/completions', chat({ max_tokens: 5 }))).json();
    expect(body.choices[0].message.content).toBe(sampleResult.answer);
    expect(body.choices[0].message.notice).toBe('max_tokens 只限制语言模型；此离线回答未按其截断。');
    const streamed = parseSse(await (await offline.request('/v1/chat/completions', chat({ max_tokens: 5, stream: true }))).text());
    expect(JSON.parse(streamed.events.at(-2)!.data).choices[0].delta.notice).toMatch(/^max_tokens/);
  });

  it('on the final streamed chunk, then the usage chunk when asked for', async () => {
    const res = await app.request('/v1/chat/completions', chat({ stream: true, stream_options: { include_usage: true } }));
    const { events } = parseSse(await res.text());
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
    const usageChunk = chunks.at(-1);
    expect(usageChunk).toMatchObject({ object: 'chat.completion.chunk', choices: [], usage: checked.usage });
    const last = chunks.at(-2);
    expect(last.choices[0].finish_reason).toBe('length');
    expect(last.choices[0].delta).toMatchObject({
      citations: checked.citations,
      grounded: false,
      unsupported: [1],
      coverage: 'answered',
      claims: checked.claims,
      notice: checked.notice,
      annotations: [expect.objectContaining({ type: 'url_citation' })],
    });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(checked.answer);
  });

  it('no usage chunk unless asked for', async () => {
    const res = await app.request('/v1/chat/completions', chat({ stream: true }));
    const chunks = parseSse(await res.text()).events.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks.every((c) => c.usage === undefined && c.choices.length === 1)).toBe(true);
  });
});
