/** The access-token form: a modal dialog shown when the server answers 401 (API_TOKEN is set). */
import type { ApiError, TokenPrompt } from './api.js';
import { byId } from './dom.js';

/** Wires #token-dialog; the returned prompt resolves with the token typed, or null on Cancel/Escape. */
export function createTokenPrompt(): TokenPrompt {
  const dialog = byId<HTMLDialogElement>('token-dialog');
  const form = byId<HTMLFormElement>('token-form');
  const input = byId<HTMLInputElement>('token-input');
  const problem = byId('token-error');
  const cancel = byId<HTMLButtonElement>('token-cancel');

  const say = (text: string | undefined): void => {
    problem.textContent = text ?? '';
    problem.hidden = text === undefined;
    if (text === undefined) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
  };

  return (rejected: ApiError, wrongToken: boolean) =>
    new Promise<string | null>((resolve) => {
      const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      const finish = (token: string | null): void => {
        form.removeEventListener('submit', onSubmit);
        cancel.removeEventListener('click', onCancel);
        dialog.removeEventListener('cancel', onCancel);
        if (dialog.open) dialog.close();
        input.value = '';
        if (returnTo?.isConnected) returnTo.focus();
        resolve(token);
      };
      const onSubmit = (event: Event): void => {
        event.preventDefault();
        const token = input.value.trim();
        if (token === '') {
          say('Enter the access token to continue.');
          input.focus();
          return;
        }
        finish(token);
      };
      const onCancel = (event: Event): void => {
        event.preventDefault();
        finish(null);
      };
      form.addEventListener('submit', onSubmit);
      cancel.addEventListener('click', onCancel);
      // Escape fires `cancel` on a modal dialog.
      dialog.addEventListener('cancel', onCancel);
      say(wrongToken ? `That access token was not accepted: ${rejected.message} Check it and try again.` : undefined);
      if (!dialog.open) dialog.showModal();
      input.focus();
    });
}
