/**
 * `npm run deploy-commands [-- --guild ID]`: register every slash command through REST, globally or
 * in one guild (guild commands update instantly; global ones can take up to an hour to appear).
 * Idempotent: the current registration is read first and only a difference is written. Names and
 * descriptions carry their translations (`name_localizations`) for every supported language.
 */
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import {
  REST,
  Routes,
  type APIApplication,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { commandDefinitions } from '../commands/index.ts';
import { ConfigError, loadConfig, loadDotEnv } from '../config.ts';
import { localizeCommands } from '../i18n/command-localizations.ts';

function usageError(message: string): never {
  console.error(`deploy-commands: ${message}\nusage: npm run deploy-commands [-- --guild <guildId>]`);
  process.exit(2);
}

/** The fields Discord echoes back that we set; used to compare desired and registered commands. */
function comparable(cmd: Partial<RESTPostAPIChatInputApplicationCommandsJSONBody>) {
  return JSON.parse(
    JSON.stringify({
      name: cmd.name,
      description: cmd.description,
      name_localizations: cmd.name_localizations ?? null,
      description_localizations: cmd.description_localizations ?? null,
      options: cmd.options ?? [],
      default_member_permissions: cmd.default_member_permissions ?? null,
      contexts: cmd.contexts ?? null,
      integration_types: cmd.integration_types ?? null,
    }),
  ) as unknown;
}

async function main(): Promise<void> {
  let guildId: string | undefined;
  try {
    const { values } = parseArgs({ options: { guild: { type: 'string' } }, allowPositionals: false });
    guildId = values.guild;
  } catch (err) {
    usageError((err as Error).message);
  }
  if (guildId !== undefined && !/^\d{15,25}$/.test(guildId))
    usageError(`--guild must be a guild id, got "${guildId}"`);

  loadDotEnv();
  const config = loadConfig();
  const rest = new REST({ api: config.discord.apiUrl }).setToken(config.discord.token);
  const appId =
    config.discord.clientId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
  const desired = localizeCommands(commandDefinitions());
  // Without with_localizations Discord returns only the caller's own locale's text.
  const current = (await rest.get(route, {
    query: new URLSearchParams({ with_localizations: 'true' }),
  })) as RESTPostAPIChatInputApplicationCommandsJSONBody[];
  const scope = guildId ? `guild ${guildId}` : 'globally';
  const sortByName = (list: unknown[]) =>
    [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (isDeepStrictEqual(sortByName(current.map(comparable)), sortByName(desired.map(comparable)))) {
    console.log(`${desired.length} commands already registered ${scope}; nothing to do.`);
    return;
  }
  await rest.put(route, { body: desired });
  console.log(
    `Registered ${desired.length} commands ${scope}: ${desired.map((c) => `/${c.name}`).join(', ')}`,
  );
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`deploy-commands: ${err.message}`);
  else console.error(`deploy-commands failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
