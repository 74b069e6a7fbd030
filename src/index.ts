/**
 * Entry point of `npm start`: read the configuration once, start the bot, stop it cleanly on
 * SIGINT/SIGTERM (exit 0 within 10 s). A configuration problem is one line on stderr and exit code 2.
 */
import { startBot } from './app.ts';
import { loadConfigOrExit } from './config.ts';
import { createLogger } from './log.ts';

const HARD_EXIT_MS = 10_000;

const config = loadConfigOrExit();
const log = createLogger({
  level: config.log.level,
  format: config.log.format,
  secrets: config.secrets,
});

process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));

// Handlers go in before anything starts, so a signal during start-up still stops cleanly.
const starting = startBot(config, log);
const shutdown = (signal: NodeJS.Signals) => {
  log.info({ signal }, 'signal received');
  setTimeout(() => {
    log.error('shutdown took too long; exiting');
    process.exit(1);
  }, HARD_EXIT_MS).unref();
  void starting
    .then((bot) => bot.stop())
    .then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

try {
  await starting;
} catch (err) {
  log.fatal({ err }, 'could not start');
  process.exit(1);
}
