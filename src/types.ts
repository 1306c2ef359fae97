/** Shared domain types: the vocabulary every layer of the pipeline speaks. */

export type Lang = 'zh' | 'en';

export interface Paragraph {
  /** The statement's own printed number, 1..N. */
  readonly number: number;
  /** Paragraph text without its leading number and indentation. */
  readonly text: string;
  /**
   * The project's English rendering (unofficial; the Chinese is authoritative), one entry per sentence
   * of `text` as `sentenceOffsets(text)` splits it, same order. Absent when the document has no rendering.
   */
  readonly en?: readonly string[];
}

export interface Statement {
  readonly title: string;
  readonly source: string;
  readonly paragraphs: readonly Paragraph[];
  /** English rendering of the title and the source line, when the document has one. */
  readonly titleEn?: string;
  readonly sourceEn?: string;
}

/** Turns texts into unit-length vectors. `kind` lets models that need prefixes (e5: `query: ` / `passage: `) add them. */
export interface Embedder {
  /** Stable id stored in the index manifest, e.g. `builtin-hash-v2` or `Xenova/multilingual-e5-small`. */
  readonly id: string;
  readonly dimension: number;
  embed(texts: readonly string[], kind: 'query' | 'passage'): Promise<Float32Array[]>;
  /**
   * A query's vector as its non-zero dimensions, at once: for an embedder whose query vectors are sparse
   * and computed in-process (the built-in one). The same values as `embed(…, 'query')`, without a dense
   * array to allocate and scan.
   */
  embedQuerySparse?(text: string): SparseVector;
}

/** The non-zero dimensions of a vector, in increasing order, with their values. */
export interface SparseVector {
  readonly dims: readonly number[];
  readonly values: readonly number[];
}

export interface HistoryTurn {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

export interface RetrievedParagraph {
  readonly paragraph: number;
  readonly score: number;
}

/** What retrieval hands to answering. */
export interface Retrieval {
  readonly question: string;
  /** The question after follow-up resolution against history (equal to `question` when standalone). */
  readonly resolvedQuestion: string;
  readonly lang: Lang;
  /** Best first; at least min(5, N) entries. */
  readonly retrieved: readonly RetrievedParagraph[];
  /** False when the best evidence is too weak: answering should refuse. */
  readonly covered: boolean;
  /** A direct reference ("第7段", "the title") answered by lookup rather than similarity. */
  readonly reference?: DirectReference;
}

export type DirectReference =
  | {
      readonly kind: 'paragraph';
      /** The referenced paragraphs that exist, in the order asked. */
      readonly numbers: readonly number[];
      /** Numbers asked for that the statement does not have ("第99段"), so the answer can say so. */
      readonly missing?: readonly number[];
    }
  | { readonly kind: 'title' }
  | { readonly kind: 'source' };

export interface RetrieveRequest {
  readonly question: string;
  readonly history?: readonly HistoryTurn[];
}

export interface Retriever {
  retrieve(request: RetrieveRequest): Promise<Retrieval>;
}

export interface Citation {
  readonly paragraph: number;
  /** An exact substring of that paragraph's text. */
  readonly quote: string;
  /** The same words in the project's English rendering (contract v2), when one exists. */
  readonly quote_en?: string;
}

/** Contract v2: whether the statement answers the question, speaks of its subject only, or not at all. */
export type Coverage = 'answered' | 'partial' | 'not_covered';

export type AnswerMode = 'llm' | 'extractive';

/** How one claim of an answer stands against the paragraphs it cites. */
export type ClaimStatus = 'supported' | 'unsupported' | 'uncited';

/**
 * Why a claim is not supported:
 * - `number`: a figure or date in the claim is not in the cited paragraphs ("30项" where they say 20项);
 * - `entity`: it names a place, person, body or thing the cited paragraphs do not (or the statement never does);
 * - `quote`: text inside quotation marks is not the cited paragraphs' wording;
 * - `content`: most of what it says is not in the cited paragraphs;
 * - `dropped_citation`: its only citations named paragraphs that do not exist or were not among those the
 *   answer was written from (the markers were removed from the text, the claim stays flagged);
 * - `no_citation`: it cites nothing (status `uncited`).
 */
export type ClaimReason = 'number' | 'entity' | 'quote' | 'content' | 'dropped_citation' | 'no_citation';

/**
 * One claim of an answer (a sentence or a list item that states something), located in `answer` so a page
 * can mark it without splitting the text again. Lead-ins ("项目包括："), "Sources: [7]" footers, "the
 * statement does not say …" sentences and courtesies are not claims and are not listed.
 */
export interface Claim {
  /** Offsets into `answer` in UTF-16 code units (JavaScript string indexes), `answer.slice(start, end)`. */
  readonly start: number;
  readonly end: number;
  readonly status: ClaimStatus;
  /** Present when `status` is not `supported`. */
  readonly reason?: ClaimReason;
  /** Why, in words, in the answer's language (for a tooltip): the figure, name or quote that did not match. */
  readonly detail?: string;
  /** The paragraphs the claim cites (valid citations only), in order of first mention. */
  readonly paragraphs: readonly number[];
}

/** Token counts as the language model reported them (OpenAI's `usage`); never estimated. */
export interface TokenUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

/** The body of a non-streaming `POST /api/ask` response (docs/API.md). */
export interface AnswerResult {
  readonly answer: string;
  readonly citations: readonly Citation[];
  readonly retrieved: readonly RetrievedParagraph[];
  /** `coverage !== 'answered'`. */
  readonly refused: boolean;
  readonly coverage: Coverage;
  /** The language the answer is written in (the question's). */
  readonly lang: Lang;
  readonly mode: AnswerMode;
  /** Why the mode differs from the configured one (e.g. LLM failed, offline answer given). */
  readonly notice?: string;
  /**
   * Indexes of answer sentences (the answer split at sentence ends and lines) that state something the
   * cited paragraphs do not support: claims `unsupported` or `uncited` in `claims`.
   */
  readonly unsupported?: readonly number[];
  /**
   * False when anything unsupported or uncited is left in the answer, or it carries no valid citation
   * (a refusal and a title/source answer need none).
   */
  readonly grounded: boolean;
  /** Every claim of an LLM answer with its status (absent on offline answers, which only quote). */
  readonly claims?: readonly Claim[];
  /** True when the answer was cut at a length limit (the client's `max_tokens` or the server's own cap). */
  readonly truncated?: boolean;
  /** The language model's own token counts, when it reported them. */
  readonly usage?: TokenUsage;
  /** LLM model id when mode is `llm`. */
  readonly model?: string;
}

export interface AskRequest {
  readonly question: string;
  readonly history?: readonly HistoryTurn[];
  /** Upper bound on the tokens the language model may generate (OpenAI's `max_tokens`); LLM mode only. */
  readonly maxTokens?: number;
}

export interface AnswerHooks {
  /** Called once, as soon as retrieval is done. */
  readonly onRetrieved?: (retrieved: readonly RetrievedParagraph[]) => void;
  /** Called with each piece of answer text as it is produced. */
  readonly onDelta?: (text: string) => void;
  /** Aborted when the client goes away: the upstream LLM request must be cancelled. */
  readonly signal?: AbortSignal;
  /**
   * Why the answer was stopped (the client left, the deadline passed), undefined while it runs: a
   * check that does not need the signal itself, which its owner may make only when first read.
   */
  readonly stopReason?: () => Error | undefined;
}

export interface Answerer {
  answer(request: AskRequest, hooks?: AnswerHooks): Promise<AnswerResult>;
}

/** English↔Chinese term mapping built from CC-CEDICT, restricted to the document's own vocabulary. */
export interface Lexicon {
  /** Chinese terms of the document that translate an English word or phrase (matched lower-cased). */
  toChinese(english: string): readonly string[];
  /** A short English gloss of a Chinese term of the document, when the dictionary has one. */
  gloss(chinese: string): string | undefined;
}
