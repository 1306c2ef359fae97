import { ConfigError } from './config.js';
import { DocumentError, IndexError } from './errors.js';
import { startAssistant } from './server/start-assistant.js';

// The entry point of `npm start`: serve the web chat and the API on the configured port.
try {
  const assistant = await startAssistant();
  process.stdout.write(`\nThe assistant is ready: open ${assistant.url}/ (mode: ${assistant.config.llm ? `LLM ${assistant.config.llm.model}` : 'offline extractive answers'})\n\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: letting running answers finish…\n`);
    assistant.close(5_000).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (err) {
  if (err instanceof ConfigError || err instanceof DocumentError || err instanceof IndexError) {
    process.stderr.write(`${err.message}\n`);
  } else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(`The port is already in use: set PORT to another one (e.g. PORT=3001 npm start).\n`);
  } else {
    process.stderr.write(`Could not start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
}
