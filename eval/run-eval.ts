import { readFileSync, writeFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { loadConfig } from '../src/config.js';
import { createJsonLogger } from '../src/api/logger.js';
import { ensureIndex } from '../src/server/ensure-index.js';
import { createState } from '../src/server/start-assistant.js';
import { createRetriever } from '../src/retrieve/create-retriever.js';
import { answerFigures, percentile, retrievalFigures, type EvalQuestion, type Outcome } from './metrics.js';

// `npm run eval [-- --set <file>] [--json [out.json]] [--verbose]`: retrieval and answer quality, offline.
const args = process.argv.slice(2).filter((a) => a !== '--');
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`Usage: npm run eval [-- --set <file.jsonl>] [--json [out.json]] [--verbose]

Measures retrieval and answer quality offline (no LLM, whatever the environment says) on a question
set (default eval/questions.jsonl), beside a plain BM25 peer (MiniSearch), and prints the figures.
  --set <file>     another question set (one JSON object a line)
  --json [out]     also write the figures as JSON (default eval/results.json)
  --verbose        print every question's outcome
`);
  process.exit(0);
}
const unknownFlag = args.find((a, i) => a.startsWith('-') && !['--set', '--json', '--verbose'].includes(a) && args[i - 1] !== '--set' && args[i - 1] !== '--json');
if (unknownFlag !== undefined) {
  process.stderr.write(`Unknown option '${unknownFlag}'. See \`npm run eval -- --help\`.\n`);
  process.exit(1);
}
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const setPath = opt('--set') ?? 'eval/questions.jsonl';
const jsonOut = args.includes('--json') ? (opt('--json')?.startsWith('--') ? undefined : opt('--json')) ?? 'eval/results.json' : undefined;
const verbose = args.includes('--verbose');

const questions: EvalQuestion[] = readFileSync(setPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l, i) => {
    try {
      return JSON.parse(l) as EvalQuestion;
    } catch {
      throw new Error(`${setPath}:${i + 1}: not valid JSON`);
    }
  });

// The offline default: no LLM, whatever the environment says.
const config = loadConfig({ ...process.env, OPENAI_BASE_URL: '', OPENAI_API_KEY: '', LOG_LEVEL: 'warn' });
const log = createJsonLogger({ level: 'warn' });
const ready = await ensureIndex(config, { info: () => {}, warn: (m) => process.stderr.write(`${m}\n`) });
const { answerer } = createState(ready, config, log);
const retriever = createRetriever({ index: ready.index, embedder: ready.queryEmbedder });
const paragraphs = ready.index.statement.paragraphs;

// The peer: a plain BM25 from a popular JS search library with its default tokenizer.
const peer = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], storeFields: [] });
peer.addAll(paragraphs.map((p) => ({ id: p.number, text: p.text })));
// A fairer second peer: the same library with a tokenizer that splits Chinese into character bigrams.
const bigrams = (text: string): string[] =>
  (text.match(/\p{Script=Han}+|[A-Za-z0-9]+/gu) ?? []).flatMap((run) =>
    /\p{Script=Han}/u.test(run) ? (run.length === 1 ? [run] : [...run].slice(0, -1).map((c, i) => c + run[i + 1])) : [run.toLowerCase()],
  );
const peer2 = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], storeFields: [], tokenize: bigrams });
peer2.addAll(paragraphs.map((p) => ({ id: p.number, text: p.text })));

const ours: Array<{ q: EvalQuestion; o: Outcome }> = [];
const theirs: Array<{ q: EvalQuestion; o: Outcome }> = [];
const theirs2: Array<{ q: EvalQuestion; o: Outcome }> = [];
const latencies: number[] = [];
const violations: string[] = [];
for (const q of questions) {
  // Warm-up-free timing of retrieval alone (the answer is timed separately by the bench).
  const t0 = performance.now();
  await retriever.retrieve({ question: q.question });
  latencies.push(performance.now() - t0);
  const result = await answerer.answer({ question: q.question });
  const text = (n: number): string => paragraphs.find((p) => p.number === n)?.text ?? '';
  const cited = result.citations.map((c) => c.paragraph);
  // The contract's rules (../shared/API.md), checked on every answer.
  const markers = [...new Set([...result.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))].sort((x, y) => x - y);
  const citedSet = [...new Set(cited)].sort((x, y) => x - y);
  if (markers.join() !== citedSet.join() || citedSet.length !== cited.length) violations.push(`${q.id ?? q.question}: markers [${markers}] vs citations [${cited}]`);
  if (result.refused && cited.length > 0) violations.push(`${q.id ?? q.question}: refused with citations`);
  if (result.retrieved.length < Math.min(5, paragraphs.length)) violations.push(`${q.id ?? q.question}: ${result.retrieved.length} retrieved`);
  ours.push({
    q,
    o: {
      retrieved: result.retrieved.map((r) => r.paragraph),
      refused: result.refused,
      cited,
      quotesExact: result.citations.filter((c) => c.quote.length > 0 && text(c.paragraph).includes(c.quote)).length,
      quotesTotal: result.citations.length,
    },
  });
  theirs.push({ q, o: { retrieved: peer.search(q.question).map((r) => Number(r.id)) } });
  theirs2.push({ q, o: { retrieved: peer2.search(q.question).map((r) => Number(r.id)) } });
  if (verbose) {
    const mark = q.kind === 'unanswerable' ? (result.refused ? 'ok ' : 'MISS') : result.refused ? 'FALSE-REFUSAL' : '';
    process.stdout.write(`${q.id ?? ''} ${q.lang} ${q.kind} gold=[${q.gold}] top=[${result.retrieved.slice(0, 5).map((r) => r.paragraph)}] cited=[${cited}] ${mark}\n  ${q.question}\n  → ${result.answer.slice(0, 160).replace(/\n/g, ' ')}\n`);
  }
}
// Steady-state latency: a second pass once everything is warm.
const warm: number[] = [];
for (const q of questions) {
  const t0 = performance.now();
  await retriever.retrieve({ question: q.question });
  warm.push(performance.now() - t0);
}

const f = (x: number): string => x.toFixed(3);
const groups: Array<[string, (q: EvalQuestion) => boolean]> = [
  ['all', () => true],
  ['zh', (q) => q.lang === 'zh'],
  ['en', (q) => q.lang === 'en'],
  // Questions are named by where they come from (dev-…: the shared set; team-…: our own, written before tuning).
  ...[...new Set(questions.map((q) => q.id?.split('-')[0]).filter((p): p is string => Boolean(p)))].map(
    (p) => [`set:${p}`, (q: EvalQuestion) => q.id?.startsWith(`${p}-`) === true] as [string, (q: EvalQuestion) => boolean],
  ),
  ...[...new Set(questions.map((q) => q.kind))].filter((k) => k !== 'unanswerable').map((k) => [`kind:${k}`, (q: EvalQuestion) => q.kind === k] as [string, (q: EvalQuestion) => boolean]),
];
const table: Record<string, Record<'ours' | 'peer' | 'peerBigrams', ReturnType<typeof retrievalFigures>>> = {};
const lines = [
  `Question set: ${setPath} (${questions.length} questions); embedder ${ready.choice.id}; answers: extractive (offline)`,
  '',
  'Retrieval            n   R@1    R@3    R@5    MRR   |  peer: MiniSearch BM25, default tokenizer |  MiniSearch, bigrams',
  '                                                    |   R@1    R@3    R@5    MRR                 |   R@5    MRR',
];
for (const [name, pick] of groups) {
  const o = retrievalFigures(ours.filter((r) => pick(r.q)));
  const p = retrievalFigures(theirs.filter((r) => pick(r.q)));
  const p2 = retrievalFigures(theirs2.filter((r) => pick(r.q)));
  if (o.n === 0) continue;
  table[name] = { ours: o, peer: p, peerBigrams: p2 };
  lines.push(
    `${name.padEnd(18)} ${String(o.n).padStart(3)}  ${f(o.recall1)}  ${f(o.recall3)}  ${f(o.recall5)}  ${f(o.mrr)} |  ${f(p.recall1)}  ${f(p.recall3)}  ${f(p.recall5)}  ${f(p.mrr)}                 |  ${f(p2.recall5)}  ${f(p2.mrr)}`,
  );
}
const a = answerFigures(ours);
const bySet = groups.filter(([name]) => name.startsWith('set:'));
lines.push(
  '',
  'Answers (extractive)',
  ...(bySet.length > 1
    ? bySet.map(([name, pick]) => {
        const s = answerFigures(ours.filter((r) => pick(r.q)));
        return `  ${name.padEnd(20)}  refusal ${f(s.refusalAccuracy)}, false refusals ${f(s.falseRefusals)}, citation precision ${f(s.citationPrecision)}, recall ${f(s.citationRecall)}`;
      })
    : []),
  `  refusal accuracy      ${f(a.refusalAccuracy)}  (${Math.round(a.refusalAccuracy * a.unanswerable)}/${a.unanswerable} unanswerable refused)`,
  `  false refusals        ${f(a.falseRefusals)}  (${Math.round(a.falseRefusals * a.answerable)}/${a.answerable} answerable refused)`,
  `  citation precision    ${f(a.citationPrecision)}  (over ${a.citedQuestions} answered questions with gold paragraphs)`,
  `  citation recall       ${f(a.citationRecall)}`,
  `  quote exactness       ${f(a.quoteExactness)}  (${a.quotes} citations)`,
  `  contract violations   ${violations.length}${violations.length > 0 ? `: ${violations.slice(0, 5).join('; ')}` : ''}  (markers ↔ citations one to one, refusals uncited, ≥ 5 retrieved)`,
  '',
  `Retrieval latency (warm): p50 ${percentile(warm, 50).toFixed(2)} ms, p95 ${percentile(warm, 95).toFixed(2)} ms; first pass p95 ${percentile(latencies, 95).toFixed(2)} ms`,
);
process.stdout.write(`${lines.join('\n')}\n`);
if (jsonOut) {
  writeFileSync(
    jsonOut,
    JSON.stringify({ set: setPath, questions: questions.length, embedder: ready.choice.id, retrieval: table, answers: a, contractViolations: violations, latencyMs: { p50: percentile(warm, 50), p95: percentile(warm, 95) } }, null, 2),
  );
  process.stdout.write(`Figures written to ${jsonOut}\n`);
}
