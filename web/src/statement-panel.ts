/**
 * The statement panel around its text: beside the chat (a drawer on narrow screens), its language
 * toggle (中文 / English / Both, remembered), opening a cited paragraph, deep links (/#p7), loading.
 */
import { ApiError, getStatement } from './api.js';
import { byId, h, langOf, replaceChildren } from './dom.js';
import { chooseLanguage, isLanguage, storedLanguage, storeLanguage } from './statement-language.js';
import type { Quotes } from './statement-view.js';
import { StatementView } from './statement-view.js';

export interface StatementPanel {
  readonly view: StatementView;
  /** Opens paragraph `n` with the quoted words marked; `from` gets focus back when the drawer closes. */
  open(n: number, quotes: Quotes, from: HTMLElement | null): void;
  /** The conversation's latest question (undefined after New chat): the default language follows it. */
  followQuestion(question: string | undefined): void;
  load(): Promise<void>;
}

export function createStatementPanel(announce: (text: string) => void, returnFocus: () => HTMLElement): StatementPanel {
  const panel = byId('statement');
  const body = byId('statement-body');
  const toggle = byId<HTMLButtonElement>('toggle-statement');
  const closeButton = byId<HTMLButtonElement>('close-statement');
  const backdrop = byId('backdrop');
  const languages = byId('language-toggle');
  const layout = byId('layout');
  const outside = [byId('chat'), byId('topbar')];
  const narrow = window.matchMedia('(max-width: 899px)');
  const view = new StatementView(body);
  let opener: HTMLElement | null = null;

  // ── Language ──────────────────────────────────────────────────────────────
  // The reader's choice (kept in memory too, for when storage is blocked), else the conversation's language.
  let chosen: string | null = storedLanguage();
  let latest: 'zh' | 'en' | undefined;
  const applyLanguage = (): void => {
    const language = chooseLanguage(chosen, latest, view.hasEnglish);
    view.setLanguage(language);
    layout.dataset['language'] = language;
    languages.hidden = !view.hasEnglish;
    for (const button of languages.querySelectorAll<HTMLButtonElement>('button[data-language]')) {
      button.setAttribute('aria-pressed', String(button.dataset['language'] === language));
    }
  };
  languages.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-language]');
    const language = button?.dataset['language'];
    if (!isLanguage(language)) return;
    chosen = language;
    storeLanguage(language);
    applyLanguage();
    announce(language === 'zh' ? 'Showing the Chinese text.' : language === 'en' ? 'Showing the English rendering.' : 'Showing Chinese and English side by side.');
  });

  // ── Drawer ────────────────────────────────────────────────────────────────
  function setDrawer(open: boolean): void {
    const isDrawer = narrow.matches;
    document.body.classList.toggle('drawer-open', open && isDrawer);
    toggle.setAttribute('aria-expanded', String(open && isDrawer));
    backdrop.hidden = !(open && isDrawer);
    // While the drawer covers the page, the rest is out of reach for keyboard and screen reader.
    for (const el of outside) el.inert = open && isDrawer;
    if (isDrawer) {
      panel.setAttribute('role', 'dialog');
      panel.setAttribute('aria-modal', String(open));
    } else {
      panel.removeAttribute('role');
      panel.removeAttribute('aria-modal');
    }
  }

  function closeDrawer(): void {
    if (!document.body.classList.contains('drawer-open')) return;
    setDrawer(false);
    (opener?.isConnected ? opener : returnFocus()).focus();
    opener = null;
  }

  function open(n: number, quotes: Quotes, from: HTMLElement | null): void {
    const isDrawer = narrow.matches;
    if (isDrawer) {
      opener = from;
      setDrawer(true);
    }
    if (!view.reveal(n, quotes, { focus: isDrawer || from === null })) {
      announce(`Paragraph ${n} is not available.`);
      return;
    }
    if (!isDrawer) announce(`Showing paragraph ${n} in the statement${quotes.zh || quotes.en ? ', quote highlighted' : ''}.`);
    history.replaceState(null, '', `#p${n}`);
  }

  toggle.addEventListener('click', () => {
    opener = toggle;
    setDrawer(true);
    body.focus();
  });
  closeButton.addEventListener('click', closeDrawer);
  backdrop.addEventListener('click', closeDrawer);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && document.body.classList.contains('drawer-open')) closeDrawer();
  });
  narrow.addEventListener('change', () => setDrawer(false));
  setDrawer(false);

  // A paragraph's number is its deep link; following it again (same hash, no hashchange) still reveals it.
  body.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a.para-num');
    if (!link) return;
    event.preventDefault();
    const n = Number(link.closest<HTMLElement>('.para')?.dataset['paragraph']);
    view.reveal(n, {}, { focus: true });
    history.replaceState(null, '', `#p${n}`);
  });

  // Deep links: /#p7 opens the page on paragraph 7.
  function followHash(): void {
    const match = /^#p(\d+)$/.exec(location.hash);
    if (!match || !view.statement) return;
    if (narrow.matches) setDrawer(true);
    view.reveal(Number(match[1]), {}, { focus: true });
  }
  window.addEventListener('hashchange', followHash);

  async function load(): Promise<void> {
    replaceChildren(body, h('p', { class: 'loading' }, 'Loading the statement…'));
    try {
      view.render(await getStatement());
      applyLanguage();
      followHash();
    } catch (error) {
      if (error instanceof ApiError && error.status === 503) {
        // The server is still building its index: say so and try again shortly.
        view.showMessage('The statement index is being built. It will appear here in a moment…');
        setTimeout(() => void load(), 2000);
        return;
      }
      const why = error instanceof ApiError && error.kind === 'network' ? 'The server could not be reached.' : (error as Error).message;
      view.showMessage(`The statement could not be loaded. ${why}`, () => void load());
    }
  }

  return {
    view,
    open,
    followQuestion(question) {
      latest = question === undefined ? undefined : langOf(question) === 'en' ? 'en' : 'zh';
      applyLanguage();
    },
    load,
  };
}
