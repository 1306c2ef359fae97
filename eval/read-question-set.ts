import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { UserFacingError } from '../src/errors.js';
import type { EvalQuestion, SetQuestion } from './metrics.js';

// The fields eval/OWN-SET.md describes; other fields (notes) are allowed and kept.
const questionSchema = z.looseObject({
  id: z.string().min(1).optional(),
  lang: z.enum(['zh', 'en']),
  question: z.string().refine((s) => s.trim() !== '', 'must not be blank'),
  gold: z.array(z.number().int().positive()),
  kind: z.string().min(1),
  coverage: z.enum(['answered', 'partial', 'not_covered']).optional(),
  answer_keywords: z.array(z.string()).optional(),
  count: z.number().int().nonnegative().optional(),
  history: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() })).optional(),
});

/** A set's name in the figures: its file name without .jsonl. */
export const setNameOf = (path: string): string => basename(path).replace(/\.jsonl$/u, '');

/**
 * The questions of one JSONL question set, each tagged with the set's name (the file name without
 * .jsonl). Blank lines are skipped but counted, so a problem is reported as `file:line: what is
 * wrong` with the line an editor shows. Pure.
 */
export function parseQuestionSet(text: string, path: string): SetQuestion[] {
  const set = setNameOf(path);
  const questions: SetQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${path}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new UserFacingError(`${where}: not valid JSON (${(err as Error).message}).`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UserFacingError(`${where}: not a JSON object.`);
    const parsed = questionSchema.safeParse(value);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => {
        const field = issue.path.map(String).join('.');
        const missing = issue.path.length === 1 && !(String(issue.path[0]) in value);
        return missing ? `"${field}" is missing` : `"${field}": ${issue.message}`;
      });
      throw new UserFacingError(`${where}: ${problems.join('; ')}.`);
    }
    // Checked above; the cast only drops zod's `| undefined` on optional fields.
    questions.push({ ...(parsed.data as EvalQuestion), set });
  });
  if (questions.length === 0) throw new UserFacingError(`${path}: no questions in the file.`);
  return questions;
}

/** Reads and checks one question set; an unreadable or malformed file is a UserFacingError naming it. */
export function readQuestionSet(path: string): SetQuestion[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserFacingError(`Cannot read the question set ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  return parseQuestionSet(text, path);
}
