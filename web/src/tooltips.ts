/**
 * Citation tooltips: shown on hover and keyboard focus, dismissed with Escape (WCAG 1.4.13),
 * positioned in the viewport so they never spill off a 375 px screen.
 */
export function initTooltips(root: HTMLElement): void {
  let open: HTMLElement | undefined;

  const hide = (): void => {
    open?.classList.remove('is-open');
    open = undefined;
  };

  const show = (trigger: HTMLElement): void => {
    const id = trigger.getAttribute('aria-describedby');
    const tip = id ? document.getElementById(id) : null;
    if (!tip || !tip.classList.contains('tooltip')) return;
    if (open !== tip) hide();
    open = tip;
    tip.classList.add('is-open');
    const margin = 8;
    const anchor = trigger.getBoundingClientRect();
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
    target instanceof Element ? target.closest<HTMLElement>('[aria-describedby]') : null;

  root.addEventListener('mouseover', (event) => {
    const trigger = triggerOf(event.target);
    if (trigger) show(trigger);
  });
  root.addEventListener('mouseout', (event) => {
    const trigger = triggerOf(event.target);
    // Keep a tooltip open while its trigger still has keyboard focus.
    if (trigger && !trigger.contains(event.relatedTarget as Node | null) && document.activeElement !== trigger) hide();
  });
  root.addEventListener('focusin', (event) => {
    const trigger = triggerOf(event.target);
    if (trigger && trigger.matches('button')) show(trigger);
    else hide();
  });
  root.addEventListener('focusout', hide);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hide();
  });
  window.addEventListener('scroll', hide, true);
  window.addEventListener('resize', hide);
}
