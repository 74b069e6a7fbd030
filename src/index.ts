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

// A rejected promise nobody awaited is a bug to log, not a reason to drop live calls.
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));

// Handlers go in before anything starts, so a signal during start-up still stops cleanly.
const starting = startBot(config, log);

// A synchronous throw nobody caught leaves the process in an unknown state: stop as cleanly as we
// still can (each call's transcript flushed and its end recorded), then exit non-zero so the
// supervisor restarts us. Bounded: a stop that hangs is cut off after CRASH_EXIT_MS.
const CRASH_EXIT_MS = 5_000;
let crashed = false;
process.on('uncaughtException', (err) => {
  log.fatal({ err }, 'uncaught exception; recording call ends and exiting');
  if (crashed) return;
  crashed = true;
  setTimeout(() => process.exit(1), CRASH_EXIT_MS).unref();
  void starting
    .then((bot) => bot.stop())
    .catch((stopErr: unknown) => log.error({ err: stopErr }, 'stop after a crash failed'))
    .finally(() => process.exit(1));
});
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
