/** The lines of a hand-written data file that carry content: trimmed, numbered from 1, without blank lines or `#` comments (a BOM is dropped). */
export function contentLines(input: string): Array<{ readonly line: string; readonly lineNo: number }> {
  const out: Array<{ line: string; lineNo: number }> = [];
  input
    .replace(/^\ufeff/u, '')
    .split(/\r\n|\r|\n/u)
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line !== '' && !line.startsWith('#')) out.push({ line, lineNo: i + 1 });
    });
  return out;
}
