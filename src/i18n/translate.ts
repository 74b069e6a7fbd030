/**
 * Formatting catalogue messages. Each message is parsed once per language (intl-messageformat
 * caches nothing itself) and formatted with the language's plural rules. Tags are off: Discord
 * markup such as `<t:…:R>` and `<#id>` is text, not ICU rich-text tags.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGUES, type MessageKey } from './catalogue/index.ts';
import type { Language } from './languages.ts';

/** Argument values a message may use: text, numbers for `plural`/`#`, and `select` keywords. */
export type MessageValues = Readonly<Record<string, string | number>>;

const compiled = new Map<string, IntlMessageFormat>();

/** The parsed message; throws if the catalogue text is not valid ICU (the catalogue test prevents it). */
function compileMessage(language: Language, key: MessageKey): IntlMessageFormat {
  const id = `${language}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(CATALOGUES[language][key], language, undefined, { ignoreTag: true });
    compiled.set(id, format);
  }
  return format;
}

/** The message `key` in `language` with `values` filled in. */
export function translate(language: Language, key: MessageKey, values?: MessageValues): string {
  const out = compileMessage(language, key).format(values);
  return Array.isArray(out) ? out.join('') : String(out);
}

/** A translator bound to one language, for code that formats many messages for one reader. */
export type Translator = (key: MessageKey, values?: MessageValues) => string;

export function translatorFor(language: Language): Translator {
  return (key, values) => translate(language, key, values);
}
