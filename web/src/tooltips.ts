/**
 * Tooltips (citations, flagged claims, related paragraphs): shown on hover and keyboard focus, hoverable
 * themselves, dismissed with Escape (WCAG 1.4.13), positioned in the viewport so they never spill off a
 * 375 px screen. A trigger names its tooltip with `aria-describedby` (buttons: also on focus and click)
 * or `data-tip` (hover only: a stretch of text whose keyboard way in is a button beside it).
 */
import { h, type Child } from './dom.js';

const HOVER_GRACE_MS = 300;

let counter = 0;

/** A tooltip element with a fresh id (for its trigger's `aria-describedby` or `data-tip`): a label, then its lines. */
export function tooltip(label: string, ...lines: Child[]): HTMLElement {
  return h('span', { class: 'tooltip', role: 'tooltip', id: `tip-${++counter}` }, h('span', { class: 'tooltip-label' }, label), ...lines);
}

export function initTooltips(root: HTMLElement): void {
  let open: HTMLElement | undefined;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;

  const hide = (): void => {
    clearTimeout(hideTimer);
    open?.classList.remove('is-open');
    open = undefined;
  };

  const show = (trigger: HTMLElement): void => {
    const id = trigger.dataset['tip'] ?? trigger.getAttribute('aria-describedby');
    const tip = id ? document.getElementById(id) : null;
    if (!tip || !tip.classList.contains('tooltip')) return;
    if (open !== tip) hide();
    open = tip;
    tip.classList.add('is-open');
    const margin = 8;
    // Text that wraps over lines is anchored at its last line, where its flag is.
    const rects = trigger.getClientRects();
    const anchor = rects[rects.length - 1] ?? trigger.getBoundingClientRect();
    const box = tip.getBoundingClientRect();
    const left = Math.min(
      Math.max(margin, anchor.left + anchor.width / 2 - box.width / 2),
      window.innerWidth - box.width - margin,
    );
    const above = anchor.top - box.height - 6;
    const top = above >= margin ? above : anchor.bottom + 6;
    tip.style.left = `${Math.round(left)}px`;
    tip.style.top = `${Math.round(top)}px`;
  };

  const triggerOf = (target: EventTarget | null): HTMLElement | null =>
    // Nothing inside a tooltip triggers one (a chip's tooltip sits inside a flagged claim).
    target instanceof Element && target.closest('.tooltip') === null
      ? target.closest<HTMLElement>('[aria-describedby], [data-tip]')
      : null;

  // Hoverable (WCAG 1.4.13): leaving the trigger hides after a moment, so the pointer can cross
  // the gap onto the tooltip; over the tooltip or back on the trigger it stays.
  const keep = (): void => clearTimeout(hideTimer);
  const hideSoon = (): void => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HOVER_GRACE_MS);
  };
  const onOpenTip = (target: EventTarget | null): boolean =>
    open !== undefined && target instanceof Node && open.contains(target);

  root.addEventListener('mouseover', (event) => {
    const trigger = triggerOf(event.target);
    if (onOpenTip(event.target)) {
      keep();
    } else if (trigger) {
      keep();
      show(trigger);
    }
  });
  root.addEventListener('mouseout', (event) => {
    const to = event.relatedTarget as Node | null;
    const trigger = triggerOf(event.target);
    const leaving = trigger ? !trigger.contains(to) : onOpenTip(event.target) && !onOpenTip(to);
    // Keep a tooltip open while its trigger still has keyboard focus.
    if (leaving && !onOpenTip(to) && document.activeElement !== trigger) hideSoon();
  });
  root.addEventListener('focusin', (event) => {
    const trigger = triggerOf(event.target);
    if (trigger && trigger.matches('button')) show(trigger);
    else hide();
  });
  root.addEventListener('focusout', hide);
  // A tap on a button shows its tooltip even where a tap does not focus (Safari), and after Escape.
  root.addEventListener('click', (event) => {
    const trigger = triggerOf(event.target);
    if (trigger?.matches('button[aria-describedby]')) show(trigger);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hide();
  });
  window.addEventListener('scroll', hide, true);
  window.addEventListener('resize', hide);
}
