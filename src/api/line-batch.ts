/*
 * Lines collected into batches before they reach an output: under load one write carries a dozen
 * lines, not one write (and, for a file or a pipe, one thread-pool round trip) per line, and the
 * output's own buffer grows by a batch, not a line, at a time.
 */

/** Where batches go: pino's asynchronous destination (sonic-boom), or anything written the same way. */
export interface LineOutput {
  write(text: string): unknown;
  /** Calls back once everything written so far is out. */
  flush(cb: (err?: Error | null) => void): void;
  /** Writes everything now (on exit). */
  flushSync(): void;
}

export interface LineBatchOptions {
  /** A batch this big (bytes of UTF-8) is written at once. */
  readonly minBytes: number;
  /** A batch never grows past this (a single longer line goes alone). */
  readonly maxBytes: number;
  /** A batch not yet at `minBytes` is written after this long. */
  readonly waitMs: number;
  /** Timers (tests pass fakes); by default Node's, unreferenced so a batch never keeps a process alive. */
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

// Batches holding lines not yet written: written out when the process exits, whatever ends it.
const waiting = new Set<LineBatch>();
let exitHooked = false;
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const batch of waiting) {
      try {
        batch.flushSync();
      } catch {
        // An output not open yet, or closed: nothing more can be done while exiting.
      }
    }
  });
}

const nodeTimer = (fn: () => void, ms: number): unknown => setTimeout(fn, ms).unref();
const nodeClear = (handle: unknown): void => clearTimeout(handle as NodeJS.Timeout);

/** A destination for pino (`write` one line at a time) that hands whole lines to `out` in batches. */
export class LineBatch {
  readonly #out: LineOutput;
  readonly #options: LineBatchOptions;
  readonly #setTimer: (fn: () => void, ms: number) => unknown;
  readonly #clearTimer: (handle: unknown) => void;
  #lines: string[] = [];
  #bytes = 0;
  #timer: unknown = undefined;

  constructor(out: LineOutput, options: LineBatchOptions) {
    this.#out = out;
    this.#options = options;
    this.#setTimer = options.setTimer ?? nodeTimer;
    this.#clearTimer = options.clearTimer ?? nodeClear;
  }

  write(line: string): boolean {
    const bytes = Buffer.byteLength(line);
    if (this.#bytes > 0 && this.#bytes + bytes > this.#options.maxBytes) this.hand();
    this.#lines.push(line);
    this.#bytes += bytes;
    if (this.#bytes >= this.#options.minBytes) this.hand();
    else if (this.#timer === undefined) {
      this.#timer = this.#setTimer(() => this.hand(), this.#options.waitMs);
      waiting.add(this);
      hookExit();
    }
    return true;
  }

  /** Hands what is waiting to the output now. */
  hand(): void {
    if (this.#timer !== undefined) {
      this.#clearTimer(this.#timer);
      this.#timer = undefined;
    }
    waiting.delete(this);
    if (this.#lines.length === 0) return;
    const text = this.#lines.length === 1 ? this.#lines[0]! : this.#lines.join('');
    this.#lines = [];
    this.#bytes = 0;
    this.#out.write(text);
  }

  /** Calls back once every line written so far is out. */
  flush(cb: (err?: Error | null) => void = () => {}): void {
    this.hand();
    this.#out.flush(cb);
  }

  flushSync(): void {
    this.hand();
    this.#out.flushSync();
  }
}
