/** The box under a turn that failed or was stopped: what happened, what to do, and Retry (held after a 429). */
import type { ApiError } from './api.js';
import { describeError } from './describe-error.js';
import { h } from './dom.js';

export interface ErrorBox {
  readonly el: HTMLElement;
  /** Stops the Retry countdown (the turn is retried or forgotten). */
  dispose(): void;
}

/** Builds the box for `error`; `retry` runs when Retry (or "Ask again" after Stop) is pressed. */
export function errorBox(error: ApiError, retry: () => void): ErrorBox {
  const { title, detail, wait } = describeError(error);
  const stopped = error.kind === 'aborted';
  const button = retryButton(retry, stopped ? 'Ask again' : 'Retry');
  const el = h(
    'div',
    { class: stopped ? 'error-box is-stopped' : 'error-box', role: stopped ? 'status' : 'alert' },
    h('p', { class: 'error-title' }, title),
    detail && detail !== title ? h('p', { class: 'error-detail' }, detail) : null,
    button,
  );
  const countdown = wait !== undefined && wait > 0 ? holdRetry(button, wait) : undefined;
  return { el, dispose: () => clearInterval(countdown) };
}

/** A Retry button that runs `retry` when pressed. */
export function retryButton(retry: () => void, label = 'Retry'): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'btn btn-retry' }, label);
  button.addEventListener('click', retry);
  return button;
}

/** Keeps Retry disabled until the server's Retry-After has passed, counting down in its label. */
function holdRetry(button: HTMLButtonElement, seconds: number): ReturnType<typeof setInterval> {
  let left = seconds;
  button.disabled = true;
  button.textContent = `Retry in ${left} s`;
  const timer = setInterval(() => {
    left -= 1;
    if (left > 0) {
      button.textContent = `Retry in ${left} s`;
      return;
    }
    clearInterval(timer);
    button.disabled = false;
    button.textContent = 'Retry';
  }, 1000);
  return timer;
}
