/** Entry point: wires the page (index.html) to the API, the chat and the statement panel. */
import type { Health } from './api.js';
import { ApiError, getHealth, getStatement, onTokenNeeded } from './api.js';
import { Chat } from './chat.js';
import { byId, h, replaceChildren } from './dom.js';
import { createTokenPrompt } from './token-dialog.js';
import { initTooltips } from './tooltips.js';
import { StatementView } from './statement-view.js';

const question = byId<HTMLTextAreaElement>('question');
const composer = byId<HTMLFormElement>('composer');
const send = byId<HTMLButtonElement>('send');
const stop = byId<HTMLButtonElement>('stop');
const welcome = byId('welcome');
const messages = byId('messages');
const statementPanel = byId('statement');
const statementBody = byId('statement-body');
const toggle = byId<HTMLButtonElement>('toggle-statement');
const closeButton = byId<HTMLButtonElement>('close-statement');
const backdrop = byId('backdrop');
const chatSection = byId('chat');
const topbar = byId('topbar');

const narrow = window.matchMedia('(max-width: 899px)');
const statement = new StatementView(statementBody);
let health: Health | undefined;

// A polite announcer for things that happen away from the focus (a paragraph shown in the side panel).
const announcer = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
document.body.append(announcer);
const announce = (text: string): void => {
  announcer.textContent = '';
  // A fresh text node after a tick makes screen readers repeat identical messages.
  setTimeout(() => (announcer.textContent = text), 50);
};

const chat = new Chat({
  messages,
  statement,
  llmName: () => health?.llm,
  onBusyChange: (busy) => {
    stop.hidden = !busy;
    send.disabled = busy;
    send.textContent = busy ? 'Answering…' : 'Send';
    if (!busy && document.activeElement === document.body) question.focus();
  },
  onServerTrouble: () => void checkHealth(),
  maxHistoryTurns: () => health?.limits?.maxHistoryTurns,
});

// ── Composer ────────────────────────────────────────────────────────────────
function submit(): void {
  const text = question.value.trim();
  if (text === '' || chat.busy) {
    question.focus();
    return;
  }
  welcome.hidden = true;
  question.value = '';
  chat.ask(text);
  question.focus();
}

composer.addEventListener('submit', (event) => {
  event.preventDefault();
  submit();
});
question.addEventListener('keydown', (event) => {
  // Enter while an IME is composing (pinyin!) confirms the candidate; it must not send.
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
    event.preventDefault();
    submit();
  } else if (event.key === 'Escape' && chat.busy) {
    chat.stop();
  }
});
stop.addEventListener('click', () => {
  chat.stop();
  question.focus();
});
for (const button of document.querySelectorAll<HTMLButtonElement>('button.example')) {
  button.addEventListener('click', () => {
    question.value = button.dataset['question'] ?? button.textContent ?? '';
    submit();
  });
}
byId('new-chat').addEventListener('click', () => {
  chat.reset();
  welcome.hidden = false;
  question.value = '';
  question.focus();
  announce('Started a new conversation.');
});

// ── Statement panel (beside the chat; a drawer on narrow screens) ─────────────
let opener: HTMLElement | null = null;

function setDrawer(open: boolean): void {
  const isDrawer = narrow.matches;
  document.body.classList.toggle('drawer-open', open && isDrawer);
  toggle.setAttribute('aria-expanded', String(open && isDrawer));
  backdrop.hidden = !(open && isDrawer);
  // While the drawer covers the page, the rest is out of reach for keyboard and screen reader.
  chatSection.inert = open && isDrawer;
  topbar.inert = open && isDrawer;
  if (isDrawer) {
    statementPanel.setAttribute('role', 'dialog');
    statementPanel.setAttribute('aria-modal', String(open));
  } else {
    statementPanel.removeAttribute('role');
    statementPanel.removeAttribute('aria-modal');
  }
}

function openParagraph(n: number, quote: string | undefined, from: HTMLElement | null): void {
  const isDrawer = narrow.matches;
  if (isDrawer) {
    opener = from;
    setDrawer(true);
  }
  if (!statement.reveal(n, quote, { focus: isDrawer || from === null })) {
    announce(`Paragraph ${n} is not available.`);
    return;
  }
  if (!isDrawer) announce(`Showing paragraph ${n} in the statement${quote ? ', quote highlighted' : ''}.`);
  history.replaceState(null, '', `#p${n}`);
}

function closeDrawer(): void {
  if (!document.body.classList.contains('drawer-open')) return;
  setDrawer(false);
  (opener?.isConnected ? opener : question).focus();
  opener = null;
}

messages.addEventListener('click', (event) => {
  const target = (event.target as Element).closest<HTMLButtonElement>('button[data-paragraph]');
  if (!target) return;
  openParagraph(Number(target.dataset['paragraph']), target.dataset['quote'], target);
});
toggle.addEventListener('click', () => {
  opener = toggle;
  setDrawer(true);
  statementBody.focus();
});
closeButton.addEventListener('click', closeDrawer);
// A paragraph's number is its deep link; following it again (same hash, no hashchange) still reveals it.
statementBody.addEventListener('click', (event) => {
  const link = (event.target as Element).closest<HTMLAnchorElement>('a.para-num');
  if (!link) return;
  event.preventDefault();
  const n = Number(link.closest<HTMLElement>('.para')?.dataset['paragraph']);
  statement.reveal(n, undefined, { focus: true });
  history.replaceState(null, '', `#p${n}`);
});
backdrop.addEventListener('click', closeDrawer);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && document.body.classList.contains('drawer-open')) closeDrawer();
});
narrow.addEventListener('change', () => setDrawer(false));
setDrawer(false);

// Deep links: /#p7 opens the page on paragraph 7; so do the paragraph numbers in the panel.
function followHash(): void {
  const match = /^#p(\d+)$/.exec(location.hash);
  if (!match || !statement.statement) return;
  const n = Number(match[1]);
  if (narrow.matches) setDrawer(true);
  statement.reveal(n, undefined, { focus: true });
}
window.addEventListener('hashchange', followHash);

async function loadStatement(): Promise<void> {
  replaceChildren(statementBody, h('p', { class: 'loading' }, 'Loading the statement…'));
  try {
    statement.render(await getStatement());
    followHash();
  } catch (error) {
    if (error instanceof ApiError && error.status === 503) {
      // The server is still building its index: say so and try again shortly.
      statement.showMessage('The statement index is being built. It will appear here in a moment…');
      setTimeout(() => void loadStatement(), 2000);
      return;
    }
    const why = error instanceof ApiError && error.kind === 'network' ? 'The server could not be reached.' : (error as Error).message;
    statement.showMessage(`The statement could not be loaded. ${why}`, () => void loadStatement());
  }
}

// ── Server status in the header ─────────────────────────────────────────────
const healthEl = byId('health');
const healthText = byId('health-text');
let healthTimer: ReturnType<typeof setTimeout> | undefined;
async function checkHealth(): Promise<void> {
  clearTimeout(healthTimer);
  try {
    health = await getHealth();
    const maxChars = health.limits?.maxQuestionChars;
    if (maxChars !== undefined && maxChars > 0) question.maxLength = maxChars;
    const llm = health.llm ? `LLM: ${health.llm}` : 'LLM: off (offline answers)';
    const parts = [
      health.status === 'ok' ? 'Ready' : health.status,
      health.paragraphs === undefined ? null : `${health.paragraphs} paragraphs`,
      health.embedder ? `Embedder: ${health.embedder}` : null,
      llm,
    ].filter((p): p is string => p !== null);
    healthText.textContent = parts.join(' · ');
    healthEl.dataset['state'] = health.status === 'ok' ? 'ok' : 'warn';
  } catch (error) {
    const starting = error instanceof ApiError && error.status === 503;
    healthText.textContent = starting ? 'Starting: building the index…' : 'Server unreachable';
    healthEl.dataset['state'] = starting ? 'warn' : 'down';
    // Look again until the server is back, without hammering it.
    healthTimer = setTimeout(() => void checkHealth(), starting ? 2000 : 10_000);
  }
}

onTokenNeeded(createTokenPrompt());
initTooltips(document.body);
void loadStatement();
void checkHealth();
question.focus();
