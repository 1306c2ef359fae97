/**
 * Stand-in for the real server while it is being written: serves dist/web and a scripted API
 * that streams like the real one (retrieved, delta…, done).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { parseStatement } from '../../src/ingest/parse-statement.js';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

export async function startFakeServer(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const statement = parseStatement(await readFile('data/statement.zh.txt', 'utf8'));
  const para = (n: number): string => statement.paragraphs.find((p) => p.number === n)?.text ?? '';
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/healthz') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ status: 'ok', paragraphs: statement.paragraphs.length, embedder: 'builtin-hash-v1', llm: null }));
      } else if (url.pathname === '/api/paragraphs') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(statement));
      } else if (url.pathname === '/api/ask' && req.method === 'POST') {
        let body = '';
        for await (const chunk of req) body += chunk;
        const { question } = JSON.parse(body) as { question: string };
        const n = /阿富汗|Afghan/i.test(question) ? 28 : /克什米尔|Kashmir/i.test(question) ? 22 : 7;
        const sentence = para(n).split('。')[0] ?? '';
        const quote = sentence.slice(sentence.indexOf('，') + 1);
        const answer = `${quote}[${n}]。`;
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
        const send = (event: string, data: unknown): boolean => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        const retrieved = [n, 6, 19, 8, 31].map((p, i) => ({ paragraph: p, score: 0.9 - i * 0.1 }));
        send('retrieved', { retrieved });
        for (let i = 0; i < answer.length; i += 6) {
          send('delta', { text: answer.slice(i, i + 6) });
          await new Promise((r) => setTimeout(r, 30));
        }
        send('done', { answer, citations: [{ paragraph: n, quote }], retrieved, refused: false, mode: 'extractive', grounded: true });
        res.end();
      } else {
        const file = normalize(join(root, url.pathname === '/' ? 'index.html' : url.pathname));
        try {
          const data = await readFile(file);
          res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
          res.end(data);
        } catch {
          res.writeHead(404, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }));
        }
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
