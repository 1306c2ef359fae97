import { describe, expect, it } from 'vitest';
import { draftMessages, formatRendering, labelledSentences, parseDraftReply, parseHeadReply } from '../../src/ingest/draft-rendering.js';
import { alignRendering, parseRenderingText } from '../../src/ingest/parse-rendering.js';
import { parseStatement } from '../../src/ingest/parse-statement.js';
import { MADE_UP_GLOSSARY, MADE_UP_ZH } from '../helpers/made-up-statement.js';

const statement = parseStatement(MADE_UP_ZH);
const p2 = statement.paragraphs[1]!;

describe('drafting a rendering', () => {
  it('asks for one labelled line per sentence, with the glossary names the paragraph uses', () => {
    expect(labelledSentences(p2)).toEqual(['[2.1] 访问期间，林安总统会见欧文首相。', '[2.2] 外交部长陈明同欧文首相举行会谈。', '[2.3] 双方重申，互信是两国关系的基础。']);
    const user = draftMessages(p2, MADE_UP_GLOSSARY)[1]!.content;
    expect(user).toContain('林安 = Lin An');
    expect(user).not.toContain('北湾港');
    expect(user).toContain('[2.3] 双方重申');
  });

  it('reads the lines back, whatever the model adds around them', () => {
    const reply = 'Sure! Here it is:\n[2.1] During the visit, President Lin An met Prime Minister Owen.\n[2.2] Foreign Minister Chen Ming held talks with him; it went well.\n[2.3] Both sides said trust is the foundation.\nHope this helps.';
    expect(parseDraftReply(reply, p2)).toEqual([
      'During the visit, President Lin An met Prime Minister Owen.',
      'Foreign Minister Chen Ming held talks with him, it went well.',
      'Both sides said trust is the foundation.',
    ]);
  });

  it.each([
    ['a missing line', '[2.1] A.\n[2.3] C.', /no line \[2\.2\]/],
    ['a line too many', '[2.1] A.\n[2.2] B.\n[2.3] C.\n[2.4] D.', /4 lines for 3 sentences/],
  ])('refuses %s', (_name, reply, message) => expect(() => parseDraftReply(reply, p2)).toThrow(message));

  it('writes a file ingest reads and checks', () => {
    const paragraphs = statement.paragraphs.map((p) => ({ number: p.number, lines: labelledSentences(p).map(() => 'Placeholder.') }));
    const head = parseHeadReply('[title] A title\n[source] (An agency, 7 May)');
    const file = formatRendering({ documentName: 'made-up.zh.txt', ...head, paragraphs, model: 'stub' });
    expect(file).toMatch(/^# English rendering of made-up\.zh\.txt, drafted by the language model stub/u);
    const parsed = parseRenderingText(file);
    expect(parsed.title).toBe('A title');
    // Placeholders lack the figures: ingest's checks refuse the draft until a person fixes it.
    expect(() => alignRendering(statement, parsed)).toThrow(/paragraph 1 lacks the figure 2031/);
  });
});
