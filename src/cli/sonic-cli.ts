/**
 * What the Nova Sonic console commands (`npm run talk`, `npm run sonic:probe`) set up alike: the
 * exit-with-message helper, config without a Discord token, a logger on stderr (stdout carries only
 * the conversation or report) and a Bedrock stream factory that optionally records a trace.
 */
import { createBedrockClient } from '../bedrock/client.ts';
import { sonicSettingsFromConfig } from '../bedrock/sonic/session-options.ts';
import { createSdkStreamFactory } from '../bedrock/sonic/stream.ts';
import type { TraceWriter } from '../bedrock/sonic/trace.ts';
import { ConfigError, loadConfig, loadDotEnv, type Config } from '../config.ts';
import { createLogger, type Logger } from '../log.ts';

export type CliFail = (message: string, code?: number) => never;

/** Prints `<command>: <message>` to stderr and exits (2: bad usage or config, 1: the run failed). */
export function cliFail(command: string): CliFail {
  return (message, code = 2) => {
    console.error(`${command}: ${message}`);
    process.exit(code);
  };
}

export function readCliConfig(fail: CliFail): Config {
  try {
    loadDotEnv();
    return loadConfig(process.env, { requireDiscordToken: false });
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
}

export function cliLogger(config: Config): Logger {
  return createLogger({
    level: config.log.level === 'info' ? 'warn' : config.log.level,
    format: 'json',
    secrets: config.secrets,
    destination: process.stderr,
  });
}

export function openSonic(config: Config, log: Logger, trace?: TraceWriter) {
  const settings = sonicSettingsFromConfig(config.sonic);
  const client = createBedrockClient(config, log);
  const streamFactory = createSdkStreamFactory(client, {
    modelId: settings.modelId,
    log,
    ...(trace ? { trace: () => trace.hook() } : {}),
  });
  return { settings, client, streamFactory };
}
