/** Which language(s) the statement panel shows, and how the choice is remembered. */

export type StatementLanguage = 'zh' | 'en' | 'both';

export const STATEMENT_LANGUAGES: readonly StatementLanguage[] = ['zh', 'en', 'both'];

const KEY = 'statement-assistant:statement-language';

/**
 * The view to show: the reader's own choice when one was made; otherwise English when the latest
 * question of the conversation is English, else the (authoritative) Chinese. Chinese only when the
 * statement has no English rendering.
 */
export function chooseLanguage(
  stored: string | null | undefined,
  latestQuestion: 'zh' | 'en' | undefined,
  hasEnglish: boolean,
): StatementLanguage {
  if (!hasEnglish) return 'zh';
  if (isLanguage(stored)) return stored;
  return latestQuestion === 'en' ? 'en' : 'zh';
}

export function isLanguage(value: unknown): value is StatementLanguage {
  return typeof value === 'string' && (STATEMENT_LANGUAGES as readonly string[]).includes(value);
}

/** The remembered choice, or null (none made, or storage blocked). */
export function storedLanguage(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeLanguage(language: StatementLanguage): void {
  try {
    localStorage.setItem(KEY, language);
  } catch {
    // Storage blocked: the choice lasts as long as the page.
  }
}
