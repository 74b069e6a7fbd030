/**
 * Order update DMs and `/order notify` replies come from the catalogue in every language, and the
 * command they tell people to run is spelled the way that language's Discord client shows it.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../src/i18n/catalogue/index.ts';
import { DISCORD_LOCALES, LANGUAGES } from '../../src/i18n/languages.ts';
import { languageOf, textFor } from '../../src/notifications/messages.ts';

/** `/order notify <choice>` in `language`, from the command localizations. */
function notifyCommand(language: (typeof LANGUAGES)[number], choice: 'on' | 'off'): string {
  const c = CATALOGUES[language];
  return `/${c['cmd.order.name']} ${c['cmd.order.notify.name']} ${c[`cmd.order.notify.updates.${choice}.choice`]}`;
}

describe('order notification texts', () => {
  it('reads each Discord locale as its language, and anything else as English', () => {
    expect(languageOf('pt-BR')).toBe('pt-BR');
    expect(languageOf('es-419')).toBe('es');
    expect(languageOf('hi')).toBe('hi');
    expect(languageOf('ja')).toBe('en');
    expect(languageOf(undefined)).toBe('en');
  });

  it.each(LANGUAGES)('%s names the /order notify command as its clients show it', (language) => {
    const text = textFor(DISCORD_LOCALES[language][0] ?? 'en-US');
    expect(text.hint(true)).toContain(`\`${notifyCommand(language, 'off')}\``);
    expect(text.hint(false)).toContain(`\`${notifyCommand(language, 'on')}\``);
    expect(text.nowOff).toContain(`\`${notifyCommand(language, 'on')}\``);
    expect(text.footer).toContain(notifyCommand(language, 'off'));
  });

  it('keeps English exactly as the DMs have always read', () => {
    const en = textFor('en-GB');
    expect(en.title('A-1042')).toBe('Order A-1042: update');
    expect(en.status.PREPARING).toBe('Being prepared');
    expect(en.hint(true)).toBe('🔔 You get a DM when your orders change; `/order notify off` stops that.');
  });

  it('gives every language its own words, not English', () => {
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const text = textFor(DISCORD_LOCALES[language][0]);
      expect(text.title('A-1'), language).not.toBe('Order A-1: update');
      expect(text.featureOff, language).not.toBe(textFor('en').featureOff);
    }
  });
});
