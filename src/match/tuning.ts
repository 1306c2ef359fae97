/*
 * Every weight and threshold of matching, retrieval and answering, named, in one place. Values were set
 * on the tuning half of the project's own question set (eval/own-tune.jsonl), never on the locked half.
 */
export const TUNING = {
  // --- concepts -------------------------------------------------------------------------------
  /** A Chinese character bigram weighs this much of a word (it carries paraphrases, weakly). */
  bigramBoost: 0.5,
  /** A multi-word English phrase the lexicon knows is a surer sign than one word. */
  phraseBoost: 1.5,
  /** The topic a question announces ("关于X，…") weighs this much more. */
  topicBoost: 2,
  /** The earlier question's concepts in a follow-up weigh this much. */
  contextWeight: 0.5,
  /** A dictionary translation of an English word earns this share when it is what matched. */
  translationStrength: 0.85,
  /** … when the document has an English rendering, which English questions meet directly. */
  translationStrengthWithRendering: 0.5,
  /** A word naming the kind of answer ("立场", "position") weighs this much of a topic word. */
  kindWordBoost: 0.2,
  /** A name standing for a document term (a capital for its country) earns this share. */
  aliasStrength: 0.8,
  /** A WordNet synonym earns this share. */
  synonymStrength: 0.6,
  /** A match in a sentence's expansion phrases (how people say it) earns this share of a match in its text. */
  expansionStrength: 0.7,
  /** IDF floor, so words found in every sentence still count a little. */
  minIdf: 0.05,

  // --- retrieval --------------------------------------------------------------------------------
  /** Weight of BM25 in the first-stage score (the dense score gets the rest). */
  lexicalWeight: 0.7,
  /** Rare terms weigh idf^idfExponent in BM25 (1 = plain BM25). */
  idfExponent: 1.5,
  /** Expansion phrases count this much in a paragraph's BM25 bag. */
  expansionTermWeight: 0.5,
  /** How many first-stage paragraphs the sentence-level reranking reads. */
  rerankDepth: 10,
  /** Reranked score: first-stage share, best sentence share, whole-paragraph share, answer-type bonus. */
  rerankFirstStage: 0.45,
  rerankBestSentence: 0.3,
  rerankParagraph: 0.25,
  rerankTypeBonus: 0.08,
  /** How many paragraphs `retrieved` lists. */
  topK: 8,

  // --- coverage ------------------------------------------------------------------------------------
  /** Below this share of the question found in the best paragraph, the statement does not cover it. */
  minCoverage: 0.12,
  /** Below this share of the question's words known to the document at all, it is off-topic. */
  minTopical: 0.34,
  /** This share of the question found in one paragraph covers it whatever else the question says. */
  sureCoverage: 0.35,

  // --- answer selection -------------------------------------------------------------------------------
  /** A sentence saying things in the question's order (who did what to whom) gains up to this much. */
  orderWeight: 0.05,
  /** A sentence saying the question's phrases as phrases ("visit Pakistan") gains up to this much. */
  phraseWeight: 0.15,
  /** A further paragraph joins a plain answer when its best sentence scores this share of the best one. */
  ratioPlain: 0.95,
  ratioList: 0.85,
  ratioMulti: 0.45,
  /** A sentence that adds this share of the question's weight joins the answer. */
  gainSameParagraph: 0.12,
  gainNewParagraph: 0.25,
  /** A part of a coordinated list ("A、B和C") is answered by a sentence holding this share of its words' weight… */
  facetShare: 0.5,
  /** …in a paragraph scoring this share of the best one. */
  facetParagraphRatio: 0.5,
  maxParagraphsPlain: 3,
  maxParagraphsMulti: 6,
  /** Chinese sentences longer than this are cut to the clauses that answer (unless a list is asked for). */
  longSentence: 90,
  /** "Also relevant" paragraphs must score this share of the best. */
  relatedRatio: 0.5,
} as const;
