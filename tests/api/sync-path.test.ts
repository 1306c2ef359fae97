import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/create-app.js';
import { fakeDeps } from '../helpers/api-fakes.js';

/*
 * A route that answers at once is answered within the call: no promise on the way (Hono then takes the
 * direct path, and so does @hono/node-server), whatever the layers do.
 */
describe('the request path of a route that answers at once', () => {
  it.each(['/api/paragraphs/1', '/api/paragraphs', '/healthz', '/v1/models'])('GET %s is answered without a promise', async (path) => {
    const app = createApp(fakeDeps());
    const reply = app.fetch(new Request(`http://localhost${path}`)) as Response | Promise<Response>;
    expect(typeof (reply as { then?: unknown }).then).toBe('undefined');
    const res = await reply;
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/\S/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
  it('an error thrown at once (a paragraph that does not exist) is answered at once too', async () => {
    const app = createApp(fakeDeps());
    const reply = app.fetch(new Request('http://localhost/api/paragraphs/99')) as Response | Promise<Response>;
    expect(typeof (reply as { then?: unknown }).then).toBe('undefined');
    expect((await reply).status).toBe(404);
  });
});
