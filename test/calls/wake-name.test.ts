import { describe, expect, it } from 'vitest';
import { addressesBot } from '../../src/calls/wake-name.ts';

describe('addressesBot', () => {
  it.each([
    ['Voicedesk, where is my order?', true],
    ['hey voice desk where is my order', true],
    ['VOICE-DESK: can I change my address', true],
    ['where is my order, voicedesk?', true],
    ['I was talking to Bob about the desk', false],
    ['myvoicedesk is not a word start', false],
    ['', false],
  ])('%s → %s', (text, expected) => {
    expect(addressesBot(text, 'voicedesk')).toBe(expected);
  });

  it('handles accents and multi-word names', () => {
    expect(addressesBot('Hé, Hélène Bot, tu es là ?', 'Helene Bot')).toBe(true);
  });
});

describe('addressesBot in every supported language', () => {
  // What speech recognition plausibly writes for "voicedesk" in each language, in a real sentence.
  it.each([
    ['en', 'Voice desk, when does my parcel arrive?'],
    ['fr', 'Voix desk, où en est ma commande ?'],
    ['fr', 'Dis voice desque, tu peux changer mon adresse ?'],
    ['de', 'Woisdesk, wo ist meine Bestellung?'],
    ['de', 'Hallo Voice-Desk, wann kommt das Paket?'],
    ['es', 'Boys desk, ¿dónde está mi pedido?'],
    ['es', 'Oye voz desk, ¿cuándo llega?'],
    ['it', 'Vois desk, dov’è il mio ordine?'],
    ['pt-BR', 'Vóice deski, cadê o meu pedido?'],
    ['hi', 'वॉइसडेस्क, मेरा ऑर्डर कहाँ है?'],
    ['hi', 'वॉयस डेस्क मेरा ऑर्डर कब आएगा'],
    ['hi', 'अरे वाइस डेस्क, पता बदल दो'],
  ])('%s: "%s" addresses the bot', (_language, transcript) => {
    expect(addressesBot(transcript, 'voicedesk')).toBe(true);
  });

  // Everyday talk between members that must not wake the bot.
  it.each([
    ['en', 'I put my voice recorder on the desk'],
    ['fr', 'Je vous dis que le colis est arrivé'],
    ['fr', 'Tu vois, dès que tu as le numéro, demande'],
    ['de', 'Was ist das für ein Schreibtisch?'],
    ['es', 'Vos decís que ya llegó el paquete'],
    ['it', 'Ti avviso dopo, va bene?'],
    ['pt-BR', 'Você disse que o pedido chegou?'],
    ['hi', 'मैं आपसे बाद में बात करता हूँ'],
    ['hi', 'वह डेस्क पर रखा है'],
  ])('%s: "%s" does not', (_language, transcript) => {
    expect(addressesBot(transcript, 'voicedesk')).toBe(false);
  });

  it('keeps short custom names to exact spelling, where sound matching would misfire', () => {
    expect(addressesBot('Max, where is my order?', 'Max')).toBe(true);
    expect(addressesBot('That mocks me', 'Max')).toBe(false);
    expect(addressesBot('मैक्स, मेरा ऑर्डर?', 'मैक्स')).toBe(true);
  });
});
