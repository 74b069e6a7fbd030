import { describe, expect, it } from 'vitest';
import { systemPrompt } from '../../src/calls/prompt.ts';
import {
  formatDate,
  formatMoney,
  formatNumber,
  formatSpokenDay,
  formatTime,
} from '../../src/i18n/intl-format.ts';
import { LANGUAGES, readerFor, resolveLanguage } from '../../src/i18n/languages.ts';
import { translate } from '../../src/i18n/translate.ts';
import { formatOrderList, formatOrderStatus } from '../../src/orders/format.ts';
import { speakOrderList, speakOrderStatus } from '../../src/orders/speech.ts';
import { ALICE, order } from '../orders/fixtures.ts';

/** ICU puts no-break spaces in money and times, and which kind changes between ICU versions. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const NOW = new Date('2026-11-24T12:00:00Z');
const shipped = order('A-1042', ALICE, 'OUT_FOR_DELIVERY', '2026-11-20T09:00:00.000Z', {
  carrier: 'DHL',
  trackingNumber: '00340434161234567890',
  estimatedDelivery: '2026-11-25T15:00:00.000Z',
  history: [{ status: 'OUT_FOR_DELIVERY', at: '2026-11-24T07:30:00.000Z' }],
});

describe('language from a Discord locale', () => {
  it.each([
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['fr', 'fr'],
    ['de', 'de'],
    ['es-ES', 'es'],
    ['es-419', 'es'],
    ['it', 'it'],
    ['pt-BR', 'pt-BR'],
    ['hi', 'hi'],
    ['fr-CA', 'fr'],
    ['pt-PT', 'pt-BR'],
    ['ja', 'en'],
    ['zh-TW', 'en'],
    ['', 'en'],
    [null, 'en'],
    [undefined, 'en'],
  ])('%s → %s', (locale, language) => {
    expect(resolveLanguage(locale)).toBe(language);
  });

  it('keeps the reader’s own locale for formatting, and US English for an unsupported one', () => {
    expect(readerFor('en-GB')).toEqual({ language: 'en', locale: 'en-GB' });
    expect(readerFor('es-419')).toEqual({ language: 'es', locale: 'es-419' });
    expect(readerFor('ja')).toEqual({ language: 'en', locale: 'en-US' });
    expect(readerFor('not a locale!')).toEqual({ language: 'en', locale: 'en-US' });
  });
});

describe('Intl formatting in the reader’s locale', () => {
  const day = new Date('2026-11-26T15:00:00Z');
  it('writes money, numbers, days and times the reader’s way', () => {
    expect(plain(formatMoney(1234.5, 'EUR', 'de'))).toBe('1.234,50 €');
    expect(formatMoney(8.3, 'EUR', 'en-US')).toBe('€8.30');
    expect(plain(formatMoney(99, 'BRL', 'pt-BR'))).toBe('R$ 99,00');
    expect(plain(formatMoney(5, 'XQQ', 'fr'))).toBe('5,00 XQQ'); // well-formed, unknown: shown as a code
    expect(formatMoney(5, 'euro', 'fr')).toBe('5.00 euro'); // not ISO 4217 at all
    expect(formatNumber(12345, 'hi')).toBe('12,345');
    expect(formatNumber(1234567, 'hi-IN')).toBe('12,34,567');
    expect(formatSpokenDay(day, 'fr-FR')).toBe('jeudi 26 novembre');
    expect(formatSpokenDay(day, 'de-DE')).toBe('Donnerstag, 26. November');
    expect(formatTime(day, 'de-DE')).toBe('15:00');
    expect(formatDate(day, 'it-IT')).toBe('26 nov 2026');
    expect(formatDate(day, 'en-US')).toBe('Nov 26, 2026');
  });
});

describe('order texts in the reader’s language', () => {
  it('answers /order status in German with German money (Discord timestamps localise themselves)', () => {
    const text = plain(formatOrderStatus(shipped, NOW, readerFor('de')));
    expect(text.split('\n')).toEqual([
      '**Bestellung A-1042** · in Zustellung',
      'Kommt <t:1795618800:R> (<t:1795618800:f>)',
      'Letzte Aktualisierung <t:1795505400:R>',
      'Artikel: 2 × Oat milk, 1 l · gesamt 8,30 € inkl. Versand 3,90 €',
      'Sendungsverfolgung: DHL `00340434161234567890`',
    ]);
  });

  it('lists orders in Spanish and says when there are none in Hindi', () => {
    expect(formatOrderList([shipped], NOW, readerFor('es-419')).split('\n').slice(0, 2)).toEqual([
      'Tus pedidos, los más recientes primero:',
      '**A-1042** · en reparto · llega <t:1795618800:R> · pedido <t:1795165200:D>',
    ]);
    expect(formatOrderList([], NOW, readerFor('hi'))).toBe('इस खाते पर आपका कोई ऑर्डर नहीं है।');
  });

  it('speaks an order in French, with the day and a 24-hour time', () => {
    expect(speakOrderStatus(shipped, NOW, 'fr')).toBe(
      'La commande A-1042 est en cours de livraison. Elle devrait arriver demain vers 15:00 UTC. ' +
        'Elle est chez DHL, numéro de suivi se terminant par 7 8 9 0.',
    );
  });

  it('keeps the spoken English answers', () => {
    expect(plain(speakOrderList([shipped], NOW))).toBe(
      'You have 1 order: A-1042, out for delivery, arriving tomorrow around 3:00 PM UTC.',
    );
    expect(speakOrderList([shipped, shipped], NOW, 'it')).toMatch(/^Hai 2 ordini: A-1042, in consegna/);
  });
});

describe('Discord markup inside messages', () => {
  it('keeps channel mentions and timestamps as text, not ICU tags', () => {
    expect(translate('fr', 'notice.voiceLost', { channelId: '123' })).toContain('<#123>');
    expect(translate('de', 'order.arrives', { relative: '<t:1:R>', full: '<t:1:f>' })).toBe(
      'Kommt <t:1:R> (<t:1:f>)',
    );
    expect(translate('en', 'order.listFooter')).toBe('Details: `/order status order_id:<id>`');
  });
});

describe('the system prompt per language', () => {
  const input = { shopName: 'Oat & Co', speakerName: 'Zoé', botName: 'voicedesk', shared: true };

  it('is written in the speaker’s language and tells the model to answer in it', () => {
    for (const language of LANGUAGES) {
      const prompt = systemPrompt({ ...input, language });
      expect(prompt).toContain('Zoé');
      expect(prompt).toContain('get_order_status');
      expect(prompt.split('\n')).toHaveLength(8);
    }
    expect(systemPrompt({ ...input, language: 'de' })).toMatch(/Sprich Deutsch\.[^\n]*$/);
    expect(systemPrompt({ ...input, language: 'en' })).toMatch(/Speak English\.[^\n]*$/);
  });

  it('stays the English prompt without a language line when no language is given', () => {
    const prompt = systemPrompt(input);
    expect(prompt.split('\n')).toHaveLength(7);
    expect(prompt).not.toContain('Speak English');
    expect(prompt.startsWith('You are voicedesk, the voice help desk of Oat & Co')).toBe(true);
  });
});
