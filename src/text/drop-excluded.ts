const MAY_EXCLUDE = /除|besides|apart from|aside from|except|other than/iu;

/**
 * Removes what a question explicitly sets aside ("除台湾问题外，…", "Besides X, …", "other than China"),
 * so that the excluded topic does not pull retrieval or the answer towards itself. Pure.
 */
export function dropExcluded(question: string): string {
  // Each pattern below starts with one of these words: a question with none of them (most) is read once.
  if (!MAY_EXCLUDE.test(question)) return question;
  return question
    .replace(/除(?:了)?[^，,。？?]{1,24}?(?:以外|之外|外)(?:，|,)?/gu, ' ')
    // The excluded words start at a non-space, so the spaces before them are read once (no back-tracking).
    .replace(/(^|[,，]\s*)(?:besides|apart from|aside from|except for|other than)\s+[^,，?\s][^,，?]*[,，]/giu, '$1 ')
    .replace(/\b(?:other than|except)\s+(?:[\w'’-]+\s+(?:and|or)\s+)?[\w'’-]+/giu, ' ');
}
