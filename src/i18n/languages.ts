/**
 * The languages voicedesk speaks, and how a Discord locale maps onto one. Nova 2 Sonic understands
 * and speaks English, French, Italian, German, Spanish, Portuguese and Hindi; Discord sends each
 * member's client locale with every interaction (`en-US`, `en-GB`, `fr`, `es-419`, `pt-BR`, `hi`…).
 */

export const LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt-BR', 'hi'] as const;

export type Language = (typeof LANGUAGES)[number];

/** Discord locales that carry each language; English is every command's default, so it has none. */
export const DISCORD_LOCALES: Readonly<Record<Language, readonly string[]>> = {
  en: [],
  fr: ['fr'],
  de: ['de'],
  es: ['es-ES', 'es-419'],
  it: ['it'],
  'pt-BR': ['pt-BR'],
  hi: ['hi'],
};

/** The Intl locale used for a language when the reader's own locale is not known (speech). */
export const DEFAULT_INTL_LOCALE: Readonly<Record<Language, string>> = {
  en: 'en-US',
  fr: 'fr-FR',
  de: 'de-DE',
  es: 'es-ES',
  it: 'it-IT',
  'pt-BR': 'pt-BR',
  hi: 'hi-IN',
};

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language for a Discord (or any BCP 47) locale: exact first (`pt-BR`), then by its language
 * subtag (`es-419` → `es`, `fr-CA` → `fr`, `pt-PT` → `pt-BR`, the only Portuguese we have);
 * English for anything else, including no locale at all.
 */
export function resolveLanguage(locale: string | null | undefined): Language {
  if (!locale) return 'en';
  if (isLanguage(locale)) return locale;
  const base = locale.split(/[-_]/)[0]?.toLowerCase() ?? '';
  if (base === 'pt') return 'pt-BR';
  return isLanguage(base) ? base : 'en';
}

/** Who reads a text: the language of its words, and the locale its dates and numbers follow. */
export interface Reader {
  readonly language: Language;
  /** A BCP 47 locale Intl accepts, e.g. `en-GB` for a British reader of English text. */
  readonly locale: string;
}

export const ENGLISH_READER: Reader = { language: 'en', locale: 'en-US' };

/**
 * The reader behind a Discord interaction locale. An unsupported locale reads English with US
 * formatting, so a reply never mixes English words with another language's dates.
 */
export function readerFor(locale: string | null | undefined): Reader {
  const language = resolveLanguage(locale);
  if (!locale || (language === 'en' && !/^en\b/i.test(locale))) return ENGLISH_READER;
  try {
    return { language, locale: Intl.getCanonicalLocales(locale)[0] ?? DEFAULT_INTL_LOCALE[language] };
  } catch {
    return { language, locale: DEFAULT_INTL_LOCALE[language] }; // not a well-formed locale tag
  }
}

/** The reader of spoken text in `language` (no Discord locale to refine it). */
export function speechReader(language: Language): Reader {
  return { language, locale: DEFAULT_INTL_LOCALE[language] };
}
