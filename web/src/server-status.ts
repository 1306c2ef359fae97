/** The header's server status line and its About panel (the technical detail), kept fresh from /healthz. */
import type { Health } from './api.js';
import { ApiError, getHealth } from './api.js';
import { byId, h, replaceChildren } from './dom.js';
import { describeHealth } from './health-text.js';

export interface ServerStatus {
  /** The latest /healthz, once read. */
  health(): Health | undefined;
  /** Reads /healthz now (and keeps trying while the server is starting or unreachable). */
  check(): Promise<void>;
}

export function createServerStatus(onHealth: (health: Health) => void): ServerStatus {
  const line = byId('health');
  const text = byId('health-text');
  const toggle = byId<HTMLButtonElement>('about-toggle');
  const panel = byId('about');
  const details = byId('about-details');
  let health: Health | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const show = (problem?: 'starting' | 'unreachable'): void => {
    const described = describeHealth(health, problem);
    text.textContent = described.text;
    line.dataset['state'] = described.state;
    replaceChildren(details, ...described.details.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
  };

  const setOpen = (open: boolean): void => {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
  };
  toggle.addEventListener('click', () => setOpen(panel.hidden));
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || panel.hidden) return;
    setOpen(false);
    if (panel.contains(document.activeElement)) toggle.focus();
  });
  // A click or focus elsewhere closes it, as a disclosure that floats over the page should.
  for (const type of ['pointerdown', 'focusin'] as const) {
    document.addEventListener(type, (event) => {
      const target = event.target as Node | null;
      if (!panel.hidden && target && !panel.contains(target) && !toggle.contains(target)) setOpen(false);
    });
  }

  async function check(): Promise<void> {
    clearTimeout(timer);
    try {
      health = await getHealth();
      show();
      onHealth(health);
    } catch (error) {
      const starting = error instanceof ApiError && error.status === 503;
      health = undefined;
      show(starting ? 'starting' : 'unreachable');
      // Look again until the server is back, without hammering it.
      timer = setTimeout(() => void check(), starting ? 2000 : 10_000);
    }
  }

  return { health: () => health, check };
}
