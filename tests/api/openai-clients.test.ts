import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible, type MetadataExtractor } from '@ai-sdk/openai-compatible';
import { ChatOpenAI } from '@langchain/openai';
import { APICallError, generateObject, generateText, jsonSchema, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/create-app.js';
import { startServer, type RunningServer } from '../../src/api/serve.js';
import type { AnswerResult, Answerer, AskRequest } from '../../src/types.js';
import { fakeDeps, sampleResult } from '../helpers/api-fakes.js';
import { startTestAssistant, tempDir, type TestAssistant } from '../helpers/ops-harness.js';
import { startStubOpenAiServer, textChunks, type StubOpenAiServer } from '../helpers/stub-openai-server.js';

/*
 * The real client libraries against /v1, asserting what their users see: the `openai` client, the
 * Vercel AI SDK (its OpenAI-compatible provider, and its OpenAI provider, which reads annotations as
 * sources) and LangChain. First against the HTTP app with a scripted answerer, then end to end: the
 * assistant in LLM mode over the stub model.
 */

const MODEL = 'cpec-statement-assistant';

/** An LLM answer with a flagged claim, cut at a length limit, with the model's token counts. */
const LLM_RESULT: AnswerResult = {
  answer: '双方同意加快推进瓜达尔港配套设施建设[4]。双方将建设核电站[4]。',
  citations: [{ paragraph: 4, quote: '双方同意加快推进瓜达尔港配套设施建设。' }],
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

/** LLM_RESULT for any question but "offline", which gets the offline sample (no usage). */
function scriptedAnswerer(): Answerer & { requests: AskRequest[] } {
  const requests: AskRequest[] = [];
  return {
    requests,
    async answer(request, hooks) {
      requests.push(request);
      const result = request.question === 'offline' ? sampleResult : LLM_RESULT;
      hooks?.onRetrieved?.(result.retrieved);
      for (const piece of textChunks(result.answer, 5)) hooks?.onDelta?.(piece);
      return result;
    },
  };
}

/** What an AI SDK user has to write to get the assistant's fields: a metadata extractor (the provider ignores unknown fields). */
const assistantFields: MetadataExtractor = {
  extractMetadata: async ({ parsedBody }) => {
    const message = (parsedBody as { choices?: Array<{ message?: Record<string, unknown> }> }).choices?.[0]?.message ?? {};
    return { cpec: { citations: message['citations'] as never, grounded: message['grounded'] as never } };
  },
  createStreamExtractor: () => {
    let fields: Record<string, unknown> = {};
    return {
      processChunk(chunk) {
        const delta = (chunk as { choices?: Array<{ delta?: Record<string, unknown> }> }).choices?.[0]?.delta;
        if (delta && 'citations' in delta) fields = { citations: delta['citations'], grounded: delta['grounded'] };
      },
      buildMetadata: () => ({ cpec: fields as never }),
    };
  },
};

describe('real clients against /v1 (scripted answers)', () => {
  let server: RunningServer;
  let baseURL: string;
  const answerer = scriptedAnswerer();

  beforeAll(async () => {
    server = await startServer(createApp(fakeDeps({ answerer, config: { apiToken: 'tok' } })), { port: 0 });
    baseURL = `${server.url}/v1`;
  });
  afterAll(() => server.close(100));

  describe('openai', () => {
    const client = () => new OpenAI({ baseURL, apiKey: 'tok', maxRetries: 0 });

    it('create: the answer, its checks on the message, annotations, usage, finish_reason length', async () => {
      const completion = await client().chat.completions.create({ model: MODEL, max_completion_tokens: 64, messages: [{ role: 'user', content: '瓜达尔港？' }] });
      const choice = completion.choices[0]!;
      const message = choice.message as typeof choice.message & Record<string, unknown>;
      expect(message.content).toBe(LLM_RESULT.answer);
      expect(choice.finish_reason).toBe('length');
      expect(message).toMatchObject({ citations: LLM_RESULT.citations, grounded: false, unsupported: [1], coverage: 'answered', claims: LLM_RESULT.claims, notice: LLM_RESULT.notice });
      expect(message.annotations).toEqual([
        { type: 'url_citation', url_citation: { start_index: 18, end_index: 21, url: `${server.url}/api/paragraphs/4`, title: '第4段：双方同意加快推进瓜达尔港配套设施建设。' } },
      ]);
      expect(completion.usage).toEqual(LLM_RESULT.usage);
      expect(answerer.requests.at(-1)?.maxTokens).toBe(64);
    });

    it('stream: text in deltas, the checks on the final chunk, usage last', async () => {
      const stream = await client().chat.completions.create({ model: MODEL, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'q' }] });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(LLM_RESULT.answer);
      const final = chunks.at(-2)!;
      expect(final.choices[0]!.finish_reason).toBe('length');
      expect(final.choices[0]!.delta).toMatchObject({ grounded: false, unsupported: [1], citations: LLM_RESULT.citations });
      expect(chunks.at(-1)!.usage).toEqual(LLM_RESULT.usage);
    });

    it('the offline answer: no usage at all', async () => {
      const completion = await client().chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'offline' }] });
      expect(completion.usage).toBeUndefined();
      expect(completion.choices[0]!.finish_reason).toBe('stop');
    });

    it.each<[string, Partial<OpenAI.ChatCompletionCreateParamsNonStreaming>, string]>([
      ['tools', { tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }], tool_choice: 'required' }, 'tools'],
      ['n: 2', { n: 2 }, 'n'],
      ['json_object', { response_format: { type: 'json_object' } }, 'response_format'],
    ])('refuses %s with a BadRequestError naming the parameter', async (_name, extra, param) => {
      const err = await client()
        .chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'q' }], ...extra })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect((err as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({ type: 'invalid_request_error', param, code: 'invalid_request' });
    });
  });

  describe('AI SDK, OpenAI-compatible provider', () => {
    const provider = (extractor?: MetadataExtractor) =>
      createOpenAICompatible({ name: 'cpec', baseURL, apiKey: 'tok', includeUsage: true, ...(extractor ? { metadataExtractor: extractor } : {}) });

    it('generateText: the text, the model\'s usage, finishReason length; the checks through a metadata extractor', async () => {
      const r = await generateText({ model: provider(assistantFields).chatModel(MODEL), prompt: '瓜达尔港？', maxOutputTokens: 80, maxRetries: 0 });
      expect(r.text).toBe(LLM_RESULT.answer);
      expect(r.finishReason).toBe('length');
      expect(r.usage).toMatchObject({ inputTokens: 812, outputTokens: 30, totalTokens: 842 });
      expect(r.providerMetadata?.['cpec']).toMatchObject({ citations: LLM_RESULT.citations, grounded: false });
      expect(answerer.requests.at(-1)?.maxTokens).toBe(80);
      // Without an extractor the provider passes nothing of ours on, and reads no annotations.
      const plain = await generateText({ model: provider().chatModel(MODEL), prompt: 'q', maxRetries: 0 });
      expect(plain.sources).toEqual([]);
    });

    it('streamText: the same text, usage and the checks', async () => {
      const r = streamText({ model: provider(assistantFields).chatModel(MODEL), prompt: 'q', maxRetries: 0 });
      expect(await r.text).toBe(LLM_RESULT.answer);
      expect(await r.usage).toMatchObject({ inputTokens: 812, outputTokens: 30 });
      expect(await r.finishReason).toBe('length');
      expect((await r.providerMetadata)?.['cpec']).toMatchObject({ grounded: false });
    });

    it('generateObject fails with the server\'s reason (a 400 on response_format), not a parse error', async () => {
      const err = await generateObject({
        model: provider().chatModel(MODEL),
        schema: jsonSchema<{ projects: string[] }>({ type: 'object', properties: { projects: { type: 'array', items: { type: 'string' } } } }),
        prompt: 'q',
        maxRetries: 0,
      }).catch((e: unknown) => e);
      expect(APICallError.isInstance(err)).toBe(true);
      expect((err as APICallError).statusCode).toBe(400);
      expect((err as APICallError).message).toMatch(/response_format/);
    });

    it('tools are refused with a 400', async () => {
      const err = await generateText({
        model: provider().chatModel(MODEL),
        prompt: 'q',
        tools: { lookup: tool({ description: 'x', inputSchema: jsonSchema<{ q: string }>({ type: 'object', properties: { q: { type: 'string' } } }) }) },
        maxRetries: 0,
      }).catch((e: unknown) => e);
      expect(APICallError.isInstance(err)).toBe(true);
      expect((err as APICallError).statusCode).toBe(400);
      expect((err as APICallError).message).toMatch(/tools/);
    });
  });

  describe('AI SDK, OpenAI provider', () => {
    it('reads the citations as sources (from annotations), streaming and not', async () => {
      const model = createOpenAI({ baseURL, apiKey: 'tok' }).chat(MODEL);
      const expected = [expect.objectContaining({ sourceType: 'url', url: `${server.url}/api/paragraphs/4`, title: '第4段：双方同意加快推进瓜达尔港配套设施建设。' })];
      const g = await generateText({ model, prompt: 'q', maxRetries: 0 });
      expect(g.text).toBe(LLM_RESULT.answer);
      expect(g.sources).toEqual(expected);
      const s = streamText({ model, prompt: 'q', maxRetries: 0 });
      expect(await s.text).toBe(LLM_RESULT.answer);
      expect(await s.sources).toEqual(expected);
    });
  });

  describe('LangChain', () => {
    // `__includeRawResponse` is LangChain's (underscored) switch that keeps the raw body on the message.
    const chat = (options: { __includeRawResponse?: boolean; maxTokens?: number } = {}) =>
      new ChatOpenAI({ model: MODEL, apiKey: 'tok', maxRetries: 0, configuration: { baseURL }, ...options });

    it('invoke: the text, usage, finish_reason length; the checks in the raw response when asked for', async () => {
      const m = await chat({ __includeRawResponse: true, maxTokens: 100 }).invoke('瓜达尔港？');
      expect(m.content).toBe(LLM_RESULT.answer);
      expect(m.usage_metadata).toMatchObject({ input_tokens: 812, output_tokens: 30, total_tokens: 842 });
      expect(m.response_metadata['finish_reason']).toBe('length');
      const raw = m.additional_kwargs['__raw_response'] as { choices: Array<{ message: Record<string, unknown> }> };
      expect(raw.choices[0]!.message).toMatchObject({ citations: LLM_RESULT.citations, grounded: false, unsupported: [1] });
      expect(answerer.requests.at(-1)?.maxTokens).toBe(100);
    });

    it('stream: the same text and usage', async () => {
      let text = '';
      let usage: unknown;
      for await (const chunk of await chat().stream('q')) {
        text += typeof chunk.content === 'string' ? chunk.content : '';
        usage = chunk.usage_metadata ?? usage;
      }
      expect(text).toBe(LLM_RESULT.answer);
      expect(usage).toMatchObject({ input_tokens: 812, output_tokens: 30 });
    });

    it('structured output and tools fail with the server\'s 400, not a parse error on Chinese text', async () => {
      const schema = { type: 'object', properties: { projects: { type: 'array', items: { type: 'string' } } }, required: ['projects'] };
      for (const method of ['jsonSchema', 'jsonMode', 'functionCalling'] as const) {
        const err = await chat().withStructuredOutput(schema, { method }).invoke('q').catch((e: unknown) => e);
        expect(err, method).toMatchObject({ status: 400 });
        expect(String((err as Error).message)).toMatch(/response_format|tools|tool_choice/);
      }
    });
  });
});

describe('real clients against the assistant in LLM mode (stub model)', () => {
  const index = tempDir('clients');
  let stub: StubOpenAiServer;
  let assistant: TestAssistant;
  const usage = { prompt_tokens: 1234, completion_tokens: 56, total_tokens: 1290 };

  beforeAll(async () => {
    stub = await startStubOpenAiServer({
      // A habit-laden answer: a prose reference, a supported claim, a figure cited to a paragraph not shown.
      defaultReply: {
        type: 'stream',
        chunks: textChunks('声明第7段指出，双方同意加快推进瓜达尔港配套设施建设。中方还将提供100亿美元的新投资[12]。', 4),
        usage,
      },
    });
    assistant = await startTestAssistant({ OPENAI_BASE_URL: stub.baseURL, OPENAI_API_KEY: 'k', LLM_MAX_RETRIES: '0' }, { indexDir: index.dir });
  });
  afterAll(async () => {
    await assistant?.close(100);
    await stub?.close();
    index.remove();
  });

  it('openai: the model\'s usage, the prose reference as a citation, the invented claim flagged', async () => {
    const client = new OpenAI({ baseURL: `${assistant.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: '瓜达尔港有哪些项目？' }] });
    const message = completion.choices[0]!.message as OpenAI.ChatCompletionMessage & Record<string, unknown>;
    expect(message.content).toBe('声明第7段[7]指出，双方同意加快推进瓜达尔港配套设施建设。中方还将提供100亿美元的新投资。');
    expect(completion.usage).toEqual(usage);
    expect(message).toMatchObject({ grounded: false, unsupported: [1], coverage: 'answered' });
    expect((message['claims'] as Array<{ reason?: string }>).map((c) => c.reason)).toEqual([undefined, 'dropped_citation']);
    expect(stub.requests.at(-1)?.body).toMatchObject({ stream_options: { include_usage: true } });
  });

  // What the client holds is the streamed content: every offset of the last chunk must point into it.
  it.each<[string, Parameters<StubOpenAiServer['enqueue']>[0], string]>([
    [
      'the model fails part way and the offline answer follows',
      { type: 'stream', chunks: ['双方同意[7]', '加快推进', '瓜达尔港'], hangUpAfter: 2 },
      '瓜达尔港有哪些项目？',
    ],
    [
      'reasoning closed by a </think> it never opened (what came before is dropped at the end)',
      { type: 'stream', chunks: textChunks('先看第7段的内容。</think>双方同意加快推进瓜达尔港配套设施建设[7]。', 3) },
      '瓜达尔港有哪些项目？',
    ],
    ['a marker dropped at the end (not covered)', { type: 'stream', chunks: textChunks('声明中没有提及[7]。', 3) }, '瓜达尔港有哪些项目？'],
  ])('openai, streaming, %s: annotations and claims point into the streamed content', async (_name, reply, question) => {
    stub.enqueue(reply);
    const asked = stub.requests.length;
    const client = new OpenAI({ baseURL: `${assistant.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: MODEL, stream: true, messages: [{ role: 'user', content: question }] });
    let content = '';
    let last: Record<string, unknown> = {};
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as (Record<string, unknown> & { content?: string | null }) | undefined;
      content += delta?.content ?? '';
      if (delta !== undefined && 'citations' in delta) last = delta;
    }
    const annotations = last['annotations'] as Array<{ url_citation: { start_index: number; end_index: number; url: string } }>;
    const citations = last['citations'] as Array<{ paragraph: number }>;
    expect(annotations).toHaveLength(citations.length);
    for (const a of annotations) {
      const n = /\/api\/paragraphs\/(\d+)$/.exec(a.url_citation.url)![1];
      expect(content.slice(a.url_citation.start_index, a.url_citation.end_index)).toBe(`[${n}]`);
    }
    expect(stub.requests.length).toBe(asked + 1);
    // The same reply on /api/ask: its claims are offsets into its `answer`; streamed on /v1, each must
    // cover the same words of the content (markers aside: the stream may still show a dropped one).
    stub.enqueue(reply);
    const res = await fetch(`${assistant.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    const json = (await res.json()) as { answer: string; claims?: Array<{ start: number; end: number }> };
    const words = (text: string) => text.replace(/\[\d+\]/gu, '').trim();
    const claims = (last['claims'] as Array<{ start: number; end: number }> | undefined) ?? [];
    expect(claims).toHaveLength(json.claims?.length ?? 0);
    claims.forEach((c, i) => {
      const own = json.claims![i]!;
      expect(words(content.slice(c.start, c.end))).toBe(words(json.answer.slice(own.start, own.end)));
    });
  });

  it('AI SDK and LangChain, streaming: the same text and the model\'s usage', async () => {
    const compat = createOpenAICompatible({ name: 'cpec', baseURL: `${assistant.url}/v1`, apiKey: 'x', includeUsage: true });
    const s = streamText({ model: compat.chatModel(MODEL), prompt: '瓜达尔港有哪些项目？', maxRetries: 0 });
    expect(await s.text).toBe('声明第7段[7]指出，双方同意加快推进瓜达尔港配套设施建设。中方还将提供100亿美元的新投资。');
    expect(await s.usage).toMatchObject({ inputTokens: 1234, outputTokens: 56 });

    const lc = new ChatOpenAI({ model: MODEL, apiKey: 'x', maxRetries: 0, configuration: { baseURL: `${assistant.url}/v1` } });
    let text = '';
    let lcUsage: unknown;
    for await (const chunk of await lc.stream('瓜达尔港有哪些项目？')) {
      text += typeof chunk.content === 'string' ? chunk.content : '';
      lcUsage = chunk.usage_metadata ?? lcUsage;
    }
    expect(text).toBe('声明第7段[7]指出，双方同意加快推进瓜达尔港配套设施建设。中方还将提供100亿美元的新投资。');
    expect(lcUsage).toMatchObject({ input_tokens: 1234, output_tokens: 56 });
  });
});
