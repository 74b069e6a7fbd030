/**
 * The catalogue is data a translator edits by hand: these tests catch what the type checker cannot
 * (ICU syntax, placeholders renamed or dropped in one language, a language left in English).
 */
import {
  isLiteralElement,
  isPluralElement,
  isPoundElement,
  isSelectElement,
  isTagElement,
  type MessageFormatElement,
} from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, type MessageKey } from '../../src/i18n/catalogue/index.ts';
import { en } from '../../src/i18n/catalogue/en.ts';
import { LANGUAGES, type Language } from '../../src/i18n/languages.ts';
import { translate } from '../../src/i18n/translate.ts';

/** Argument name → "select:<sorted option keys>" for selects, "value" for anything else. */
function argumentsOf(
  elements: readonly MessageFormatElement[],
  into = new Map<string, string>(),
): Map<string, string> {
  for (const el of elements) {
    if (isLiteralElement(el) || isPoundElement(el)) continue;
    if (isTagElement(el)) throw new Error(`tags are off, yet <${el.value}> parsed as one`);
    if (isSelectElement(el) || isPluralElement(el)) {
      const kind = isSelectElement(el) ? `select:${Object.keys(el.options).sort().join(',')}` : 'value';
      into.set(el.value, kind);
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
    } else {
      into.set(el.value, 'value');
    }
  }
  return into;
}

function parse(language: Language, key: MessageKey): IntlMessageFormat {
  return new IntlMessageFormat(CATALOGUES[language][key], language, undefined, { ignoreTag: true });
}

/** A value each argument accepts: the first select keyword, a number for plurals, text otherwise. */
function sampleValues(args: Map<string, string>): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const [name, kind] of args) {
    values[name] = kind.startsWith('select:') ? (kind.slice(7).split(',')[0] ?? '') : `«${name}»`;
  }
  for (const name of ['hidden', 'count', 'older', 'minutes', 'hours']) {
    if (name in values) values[name] = 2;
  }
  return values;
}

const keys = Object.keys(en) as MessageKey[];

describe('the message catalogue', () => {
  it.each(LANGUAGES)('%s has exactly the English keys', (language) => {
    expect(Object.keys(CATALOGUES[language]).sort()).toEqual([...keys].sort());
  });

  it.each(LANGUAGES)('every %s message is valid ICU with the same arguments as English', (language) => {
    const problems: string[] = [];
    for (const key of keys) {
      let format: IntlMessageFormat;
      try {
        format = parse(language, key);
      } catch (err) {
        problems.push(`${key}: ${(err as Error).message}`);
        continue;
      }
      const expected = Object.fromEntries(argumentsOf(parse('en', key).getAst()));
      const actual = Object.fromEntries(argumentsOf(format.getAst()));
      if (
        JSON.stringify(actual, Object.keys(actual).sort()) !==
        JSON.stringify(expected, Object.keys(expected).sort())
      )
        problems.push(`${key}: arguments ${JSON.stringify(actual)}, English has ${JSON.stringify(expected)}`);
    }
    expect(problems).toEqual([]);
  });

  it.each(LANGUAGES)('every %s message formats with its arguments and leaves no placeholder', (language) => {
    for (const key of keys) {
      const values = sampleValues(argumentsOf(parse('en', key).getAst()));
      const text = translate(language, key, values);
      expect(text, `${language} ${key}`).not.toMatch(/[{}]/);
      for (const [name, value] of Object.entries(values)) {
        if (typeof value === 'string' && value.startsWith('«')) {
          expect(text, `${language} ${key} drops {${name}}`).toContain(value);
        }
      }
    }
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s is translated, not a copy of English', (language) => {
    const same = keys.filter((key) => CATALOGUES[language][key] === en[key]);
    // Some messages are the same everywhere ("{orderId}, {status}", "test", "voicedesk").
    expect(same.length / keys.length).toBeLessThan(0.12);
  });

  it('fails loudly on a message with a missing argument instead of printing a placeholder', () => {
    expect(() => translate('fr', 'order.error.notFound')).toThrow(/orderId/);
  });
});
