import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.ts';
import { en } from '../../src/i18n/catalogue/en.ts';
import { localizeCommands } from '../../src/i18n/command-localizations.ts';
import { DISCORD_LOCALES, LANGUAGES } from '../../src/i18n/languages.ts';

/** Discord's rule for command and option names (lowercase where a letter has case). */
const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const LOCALES = LANGUAGES.flatMap((l) => DISCORD_LOCALES[l]);

interface Part {
  name: string;
  description?: string;
  name_localizations?: Record<string, string> | null;
  description_localizations?: Record<string, string> | null;
  options?: Part[];
  choices?: Part[];
  value?: unknown;
}

/** Every command, subcommand, option and choice with its path, e.g. `order status order_id`. */
function parts(
  list: readonly Part[],
  path: string[] = [],
): { path: string[]; part: Part; choice: boolean }[] {
  return list.flatMap((part) => [
    { path: [...path, part.name], part, choice: false },
    ...(part.choices ?? []).map((c) => ({
      path: [...path, part.name, String(c.value)],
      part: c,
      choice: true,
    })),
    ...parts(part.options ?? [], [...path, part.name]),
  ]);
}

const registered = commands.map((c) => c.data.toJSON());
const localized = localizeCommands(registered) as Part[];

describe('slash command localizations', () => {
  it('covers every supported Discord locale', () => {
    expect(LOCALES.sort()).toEqual(['de', 'es-419', 'es-ES', 'fr', 'hi', 'it', 'pt-BR']);
  });

  it('gives every command, option and choice a name in every supported language', () => {
    const missing: string[] = [];
    for (const { path, part, choice } of parts(localized)) {
      for (const locale of LOCALES) {
        if (!part.name_localizations?.[locale]) missing.push(`${path.join(' ')} name ${locale}`);
        if (!choice && !part.description_localizations?.[locale])
          missing.push(`${path.join(' ')} description ${locale}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps every localized name within Discord’s rules', () => {
    const broken: string[] = [];
    for (const { path, part, choice } of parts(localized)) {
      for (const [locale, name] of Object.entries(part.name_localizations ?? {})) {
        const ok = choice
          ? name.length >= 1 && name.length <= 100
          : NAME.test(name) && name === name.toLowerCase();
        if (!ok) broken.push(`${path.join(' ')} ${locale}: "${name}"`);
      }
      for (const [locale, text] of Object.entries(part.description_localizations ?? {})) {
        if (text.length < 1 || text.length > 100)
          broken.push(`${path.join(' ')} ${locale} description: ${text.length} chars`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('keeps each command within Discord’s 4000 characters of text in every language', () => {
    for (const command of localized) {
      for (const locale of ['en-US', ...LOCALES]) {
        const size = parts([command]).reduce((n, { part, choice }) => {
          const name = part.name_localizations?.[locale] ?? part.name;
          const description = choice
            ? ''
            : (part.description_localizations?.[locale] ?? part.description ?? '');
          return n + name.length + description.length + (choice ? String(part.value).length : 0);
        }, 0);
        expect(size, `/${command.name} ${locale}`).toBeLessThanOrEqual(4000);
      }
    }
  });

  it('never gives two options of one command the same name in a language', () => {
    const clashes: string[] = [];
    const check = (siblings: readonly Part[], where: string) => {
      for (const locale of LOCALES) {
        const names = siblings.map((s) => s.name_localizations?.[locale] ?? s.name);
        const dupes = names.filter((n, i) => names.indexOf(n) !== i);
        if (dupes.length) clashes.push(`${where} ${locale}: ${dupes.join(', ')}`);
      }
      for (const s of siblings) check(s.options ?? [], `${where} ${s.name}`);
    };
    check(localized, '/');
    expect(clashes).toEqual([]);
  });

  it('matches the English catalogue to the English the command files register', () => {
    const drift: string[] = [];
    const english = en as Record<string, string>;
    for (const { path, part, choice } of parts(registered as Part[])) {
      const key = `cmd.${path.join('.')}`;
      if (choice) {
        if (english[`${key}.choice`] !== part.name) drift.push(`${key}.choice`);
        continue;
      }
      if (english[`${key}.name`] !== part.name) drift.push(`${key}.name`);
      if (english[`${key}.description`] !== part.description) drift.push(`${key}.description`);
    }
    expect(drift).toEqual([]);
  });

  it('leaves the registered English and the input untouched', () => {
    const before = JSON.stringify(registered);
    const again = localizeCommands(registered);
    expect(JSON.stringify(registered)).toBe(before);
    expect(again.map((c) => [c.name, c.description])).toEqual(registered.map((c) => [c.name, c.description]));
    const order = again.find((c) => c.name === 'order') as RESTPostAPIChatInputApplicationCommandsJSONBody;
    expect(order.name_localizations).toMatchObject({ fr: 'commande', de: 'bestellung', 'es-419': 'pedido' });
  });
});
