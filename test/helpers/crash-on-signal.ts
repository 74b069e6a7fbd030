/**
 * Preloaded into a bot process by crash tests (`node --import ./test/helpers/crash-on-signal.ts
 * src/index.ts`): SIGUSR2 makes the process throw an uncaught exception from a timer, the way a bug
 * in a callback would. The bot's own code has no such hook.
 */
process.on('SIGUSR2', () => {
  setImmediate(() => {
    throw new Error('injected crash (test)');
  });
});
