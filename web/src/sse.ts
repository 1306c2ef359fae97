/** Incremental Server-Sent Events parser (https://html.spec.whatwg.org/multipage/server-sent-events.html). */

export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/** Feed it decoded text as it arrives; it returns the events completed by that text. */
export class SseParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];

  push(text: string): SseEvent[] {
    this.#buffer += text;
    const out: SseEvent[] = [];
    // A trailing '\r' may be the first half of '\r\n': keep it until the next chunk.
    for (;;) {
      const match = /\r\n|\n|\r(?!$)/.exec(this.#buffer);
      if (!match) break;
      const line = this.#buffer.slice(0, match.index);
      this.#buffer = this.#buffer.slice(match.index + match[0].length);
      const event = this.#line(line);
      if (event) out.push(event);
    }
    return out;
  }

  /** Call at end of stream: a final event without its blank line is still delivered. */
  end(): SseEvent[] {
    const out = this.push('\n\n');
    this.#buffer = '';
    return out;
  }

  #line(line: string): SseEvent | undefined {
    if (line === '') {
      const event = this.#data.length > 0 ? { event: this.#event || 'message', data: this.#data.join('\n') } : undefined;
      this.#event = '';
      this.#data = [];
      return event;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    return undefined;
  }
}
