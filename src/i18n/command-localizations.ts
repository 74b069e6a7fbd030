/**
 * Slash commands in every member's language: adds Discord's `name_localizations` and
 * `description_localizations` to each command, subcommand and option (and `name_localizations` to
 * each choice) of the registration JSON, from the catalogue's `cmd.*` messages. Command files keep
 * their English builders; this runs where the commands are registered. The key of a command part is
 * its path: `cmd.order.status.order_id.name`; a choice is `cmd.<option path>.<choice value>.choice`.
 * A part without catalogue messages is left as it is (the localization test names it).
 */
import type { LocalizationMap, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { CATALOGUES, type MessageKey } from './catalogue/index.ts';
import { DISCORD_LOCALES, LANGUAGES } from './languages.ts';

/** The parts of command JSON this touches; every option type and choice fits it. */
interface Part {
  name: string;
  description?: string;
  name_localizations?: LocalizationMap | null;
  description_localizations?: LocalizationMap | null;
  options?: Part[];
  choices?: Part[];
  value?: unknown;
}

function isKey(key: string): key is MessageKey {
  return key in CATALOGUES.en;
}

/** The message `key` in every Discord locale that carries one of our languages. */
function localizationsOf(key: string): LocalizationMap | undefined {
  if (!isKey(key)) return undefined;
  const map: Record<string, string> = {};
  for (const language of LANGUAGES) {
    for (const locale of DISCORD_LOCALES[language]) map[locale] = CATALOGUES[language][key];
  }
  return map;
}

function localizePart(part: Part, path: readonly string[]): void {
  const prefix = `cmd.${path.join('.')}`;
  const names = localizationsOf(`${prefix}.name`);
  if (names) part.name_localizations = names;
  const descriptions = localizationsOf(`${prefix}.description`);
  if (descriptions && part.description !== undefined) part.description_localizations = descriptions;
  for (const choice of part.choices ?? []) {
    const choiceNames = localizationsOf(`${prefix}.${String(choice.value)}.choice`);
    if (choiceNames) choice.name_localizations = choiceNames;
  }
  for (const option of part.options ?? []) localizePart(option, [...path, option.name]);
}

/** A copy of `command` with localizations for every supported language; the input is untouched. */
export function localizeCommand<T extends RESTPostAPIChatInputApplicationCommandsJSONBody>(command: T): T {
  const copy = structuredClone(command);
  localizePart(copy as Part, [copy.name]);
  return copy;
}

export function localizeCommands<T extends RESTPostAPIChatInputApplicationCommandsJSONBody>(
  commands: readonly T[],
): T[] {
  return commands.map(localizeCommand);
}
