/** Entry point: wires the page (index.html) to the chat, the statement panel and the server status. */
import { onTokenNeeded } from './api.js';
import { Chat } from './chat.js';
import { byId, h } from './dom.js';
import { createServerStatus } from './server-status.js';
import { createStatementPanel } from './statement-panel.js';
import { createTokenPrompt } from './token-dialog.js';
import { initTooltips } from './tooltips.js';

const question = byId<HTMLTextAreaElement>('question');
const composer = byId<HTMLFormElement>('composer');
const send = byId<HTMLButtonElement>('send');
const stop = byId<HTMLButtonElement>('stop');
const welcome = byId('welcome');
const messages = byId('messages');

// A polite announcer for things that happen away from the focus (a paragraph shown in the side panel).
const announcer = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
document.body.append(announcer);
const announce = (text: string): void => {
  announcer.textContent = '';
  // A fresh text node after a tick makes screen readers repeat identical messages.
  setTimeout(() => (announcer.textContent = text), 50);
};

const panel = createStatementPanel(announce, () => question);
const status = createServerStatus((health) => {
  const maxChars = health.limits?.maxQuestionChars;
  if (maxChars !== undefined && maxChars > 0) question.maxLength = maxChars;
});

const chat = new Chat({
  messages,
  statement: panel.view,
  llmName: () => status.health()?.llm,
  onBusyChange: (busy) => {
    stop.hidden = !busy;
    send.disabled = busy;
    send.textContent = busy ? 'Answering…' : 'Send';
    if (!busy && document.activeElement === document.body) question.focus();
  },
  onAsk: (text) => panel.followQuestion(text),
  onServerTrouble: () => void status.check(),
  maxHistoryTurns: () => status.health()?.limits?.maxHistoryTurns,
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
  panel.followQuestion(undefined);
  welcome.hidden = false;
  question.value = '';
  question.focus();
  announce('Started a new conversation.');
});

// A citation chip or a related paragraph opens its paragraph, the quoted words marked in both languages.
messages.addEventListener('click', (event) => {
  const target = (event.target as Element).closest<HTMLButtonElement>('button[data-paragraph]');
  if (!target) return;
  panel.open(Number(target.dataset['paragraph']), { zh: target.dataset['quote'], en: target.dataset['quoteEn'] }, target);
});

onTokenNeeded(createTokenPrompt());
initTooltips(document.body);
void panel.load();
void status.check();
question.focus();
