import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has offline defaults: no LLM, built-in or auto embedder, port 3000', () => {
    const c = loadConfig({});
    expect(c.llm).toBeNull();
    expect(c.embedder).toBe('auto');
    expect(c.port).toBe(3000);
    expect(Object.isFrozen(c)).toBe(true);
  });
  it('turns LLM mode on with either OPENAI_BASE_URL or OPENAI_API_KEY', () => {
    expect(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).llm?.apiKey).toBe('not-needed');
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x', LLM_MODEL: 'm' }).llm?.model).toBe('m');
  });
  it('reads TRUST_PROXY as a boolean, off by default', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });
  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', OPENAI_API_KEY: ' ' }).llm).toBeNull();
  });
  it('names every bad variable in one error', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'abc', EMBEDDER: 'magic', OPENAI_BASE_URL: 'not a url' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/EMBEDDER/);
    expect(message).toMatch(/OPENAI_BASE_URL/);
  });
});
