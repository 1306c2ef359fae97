import { writeFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { createApp } from '../src/api/create-app.js';
import { createJsonLogger } from '../src/api/logger.js';
import { loadConfig } from '../src/config.js';
import { describeFatal } from '../src/errors.js';
import { ensureIndex } from '../src/server/ensure-index.js';
import { createState } from '../src/server/start-assistant.js';
import type { AnswerResult } from '../src/types.js';
import { parseEvalArgs, type EvalArgs } from './eval-args.js';
import { answerable, answerFigures, figuresBySet, groupsOf, percentile, retrievalFigures, type Group, type Row, type SetQuestion } from './metrics.js';
import { readQuestionSet } from './read-question-set.js';

const USAGE = `Usage: npm run eval [-- --set <file.jsonl> …] [--json [out.json]] [--verbose]

Asks every question of the question sets through POST /api/ask (in process, the offline default: no
model, no LLM, answer cache off) and prints retrieval and answer figures beside two MiniSearch peers.

  --set <file>   a question set instead of the default sets (repeat for several); the defaults:
                   eval/own-tune.jsonl    our own set, tuning half (odd ids)
                   eval/own-locked.jsonl  our own set, locked half (even ids): reported, never inspected
                   eval/own-probe.jsonl   100 newer questions, half of them unanswerable (tuning)
                   eval/own-probe2.jsonl  70 more, mostly English, counts and spread answers (tuning)
                   eval/own-probe3.jsonl  50 English, 35 of them unanswerable (tuning)
                   eval/fresh-locked.jsonl 80 questions by another writer, half unanswerable: locked
                   eval/dev.jsonl         the shared questions (a smoke test)
                   eval/team.jsonl        the team's earlier questions
  --json [out]   also write the figures as JSON (default eval/results.json)
  --verbose      print every question of the non-locked sets with what was retrieved and answered
  --help         this text
`;

// A mistake (a bad flag, a question file that cannot be read or checked, a bad setting, an index that
// cannot be built) is one line, like every other command's.
const fail: (err: unknown) => never = (err) => {
  process.stderr.write(`${describeFatal(err, { prefix: 'Eval failed', debug: process.env['LOG_LEVEL'] === 'debug' })}\n`);
  process.exit(1);
};
process.on('uncaughtException', fail);

let args: EvalArgs;
let questions: SetQuestion[];
try {
  args = parseEvalArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  questions = args.sets.flatMap(readQuestionSet);
} catch (err) {
  fail(err);
}
const { json: jsonOut, verbose, sets: setPaths } = args;
const isLocked = (q: { set: string }): boolean => q.set.includes('locked');

// The offline default, whatever the environment says; no rate limit and no cache, so every answer is computed.
const config = loadConfig({ ...process.env, OPENAI_BASE_URL: '', OPENAI_API_KEY: '', API_TOKEN: undefined, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', ANSWER_CACHE_SIZE: '0' });
const log = createJsonLogger({ level: 'warn' });
const ready = await ensureIndex(config, { info: () => {}, warn: (m) => process.stderr.write(`${m}\n`) });
const state = createState(ready, config, log);
const app = createApp({ config, getState: () => state, health: () => ({ embedder: ready.choice.id, llm: null }), log });
const paragraphs = ready.index.statement.paragraphs;

// Peers: a popular JS search library's BM25 with its default tokenizer, and with Chinese character bigrams.
const peer = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], storeFields: [] });
peer.addAll(paragraphs.map((p) => ({ id: p.number, text: p.text })));
const bigrams = (text: string): string[] =>
  (text.match(/\p{Script=Han}+|[A-Za-z0-9]+/gu) ?? []).flatMap((run) =>
    /\p{Script=Han}/u.test(run) ? (run.length === 1 ? [run] : [...run].slice(0, -1).map((c, i) => c + run[i + 1])) : [run.toLowerCase()],
  );
const peer2 = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], storeFields: [], tokenize: bigrams });
peer2.addAll(paragraphs.map((p) => ({ id: p.number, text: p.text })));

type Q = SetQuestion;
const ours: Array<{ q: Q; o: Row['o'] }> = [];
const theirs: Array<{ q: Q; o: Row['o'] }> = [];
const theirs2: Array<{ q: Q; o: Row['o'] }> = [];
const latencies: number[] = [];
const violations: string[] = [];
const textOf = (n: number): string => paragraphs.find((p) => p.number === n)?.text ?? '';

for (const q of questions) {
  const body = JSON.stringify(q.history ? { question: q.question, history: q.history } : { question: q.question });
  const t0 = performance.now();
  const res = await app.request('/api/ask', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  latencies.push(performance.now() - t0);
  if (res.status !== 200) {
    violations.push(`${q.id}: HTTP ${res.status}`);
    continue;
  }
  const result = (await res.json()) as AnswerResult;
  const cited = result.citations.map((c) => c.paragraph);
  const name = q.id ?? q.question;
  // The contract's rules (docs/API.md), checked on every answer.
  const markers = [...new Set([...result.answer.matchAll(/\[(\d+)\]/gu)].map((m) => Number(m[1])))].sort((x, y) => x - y);
  const citedSet = [...new Set(cited)].sort((x, y) => x - y);
  if (markers.join() !== citedSet.join() || citedSet.length !== cited.length) violations.push(`${name}: markers [${markers}] vs citations [${cited}]`);
  if (result.coverage === 'not_covered' && cited.length > 0) violations.push(`${name}: not_covered with citations`);
  if (result.refused !== (result.coverage !== 'answered')) violations.push(`${name}: refused ≠ (coverage ≠ answered)`);
  if (result.lang !== q.lang) violations.push(`${name}: answered in ${result.lang}`);
  if (result.retrieved.length < Math.min(5, paragraphs.length)) violations.push(`${name}: ${result.retrieved.length} retrieved`);
  ours.push({
    q,
    o: {
      retrieved: result.retrieved.map((r) => r.paragraph),
      refused: result.refused,
      coverage: result.coverage,
      cited,
      answer: result.answer,
      quotesExact: result.citations.filter((c) => c.quote.length > 0 && textOf(c.paragraph).includes(c.quote)).length,
      quotesTotal: result.citations.length,
      quotesEn: result.citations.filter((c) => typeof c.quote_en === 'string' && c.quote_en.length > 0).length,
      quoted: result.citations.map((c) => c.quote).join('\n'),
    },
  });
  theirs.push({ q, o: { retrieved: peer.search(q.question).map((r) => Number(r.id)) } });
  theirs2.push({ q, o: { retrieved: peer2.search(q.question).map((r) => Number(r.id)) } });
  if (verbose && !isLocked(q)) {
    const expect = answerable(q) ? 'answered' : (q.coverage ?? 'unanswered');
    const mark = expect === result.coverage || (!answerable(q) && result.refused) ? '' : `  ← expected ${expect}`;
    process.stdout.write(`${name} ${q.lang} ${q.kind} gold=[${q.gold}] top=[${result.retrieved.slice(0, 5).map((r) => r.paragraph)}] cited=[${cited}] ${result.coverage}${mark}\n  ${q.question}\n  → ${result.answer.slice(0, 220).replace(/\n/gu, ' ⏎ ')}\n`);
  }
}

const f = (x: number): string => (Number.isNaN(x) ? '  –  ' : x.toFixed(3));
const groups = groupsOf(questions);
const label = (g: Group): string => (g.by === 'set' ? g.set : g.by === 'lang' ? `  ${g.value}` : `  kind:${g.value}`);

const lines = [
  `Question sets: ${setPaths.join(', ')} (${questions.length} questions); embedder ${ready.choice.id}; answers: extractive (offline), through POST /api/ask`,
  '',
  'Retrieval (answerable questions with gold paragraphs)',
  'group                    n   R@1    R@3    R@5    MRR   | MiniSearch default: R@5   MRR  | MiniSearch bigrams: R@5   MRR',
];
for (const g of groups) {
  const o = retrievalFigures(ours.filter((r) => g.pick(r.q)));
  if (o.n === 0) continue;
  const p = retrievalFigures(theirs.filter((r) => g.pick(r.q)));
  const p2 = retrievalFigures(theirs2.filter((r) => g.pick(r.q)));
  lines.push(`${label(g).padEnd(22)} ${String(o.n).padStart(3)}  ${f(o.recall1)}  ${f(o.recall3)}  ${f(o.recall5)}  ${f(o.mrr)} |              ${f(p.recall5)}  ${f(p.mrr)} |              ${f(p2.recall5)}  ${f(p2.mrr)}`);
}
lines.push(
  '',
  'Answers',
  'group                  unanswered flagged  kind right | wrongly refused | citation P    R    | keywords quoted | count stated | en: CJK share, quote_en',
);
for (const g of groups) {
  const a = answerFigures(ours.filter((r) => g.pick(r.q)));
  if (a.answerable + a.unanswered === 0) continue;
  lines.push(
    `${label(g).padEnd(22)} ${f(a.unansweredFlagged)} (${String(a.unanswered).padStart(3)})  ${f(a.coverageKindRight)} | ${f(a.wronglyRefused)} (${String(a.answerable).padStart(3)}) | ${f(a.citationPrecision)} ${f(a.citationRecall)} | ${f(a.keywordsQuoted)}           | ${f(a.countStated)} (${a.countQuestions})  | ${f(a.englishCjkShare)} ${f(a.englishQuoteEn)}`,
  );
}
const all = answerFigures(ours);
const p50 = percentile(latencies, 50);
const p95 = percentile(latencies, 95);
lines.push(
  '',
  `quote exactness ${f(all.quoteExactness)} (${all.quotes} citations); contract violations ${violations.length}${violations.length > 0 ? `: ${violations.slice(0, 6).join('; ')}` : ''}`,
  `POST /api/ask in process: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (first pass, every answer computed)`,
);
process.stdout.write(`${lines.join('\n')}\n`);
if (jsonOut) {
  // Nested by set: each set's languages and kinds are its own (a flat "zh" or "kind:fact" was the last set's).
  const figures = figuresBySet(groups, (g) => {
    const pick = (r: { q: Q }): boolean => g.pick(r.q);
    return { retrieval: retrievalFigures(ours.filter(pick)), peer: retrievalFigures(theirs.filter(pick)), peerBigrams: retrievalFigures(theirs2.filter(pick)), answers: answerFigures(ours.filter(pick)) };
  });
  writeFileSync(jsonOut, JSON.stringify({ sets: setPaths, questions: questions.length, embedder: ready.choice.id, figures, contractViolations: violations, latencyMs: { p50, p95 } }, null, 2));
  process.stdout.write(`Figures written to ${jsonOut}\n`);
}
