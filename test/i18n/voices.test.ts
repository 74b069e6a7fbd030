import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VOICE,
  NOVA2_VOICES,
  UnknownVoiceError,
  parseVoice,
  speaks,
  voiceFor,
} from '../../src/bedrock/sonic/voices.ts';
import { LANGUAGES } from '../../src/i18n/languages.ts';

describe('Nova 2 voices per language', () => {
  it('gives every language a default voice that speaks it', () => {
    for (const language of LANGUAGES) expect(speaks(DEFAULT_VOICE[language], language)).toBe(true);
  });

  it('knows the polyglot voices speak every language and the others only their own', () => {
    for (const language of LANGUAGES) {
      expect(speaks('tiffany', language)).toBe(true);
      expect(speaks('matthew', language)).toBe(true);
    }
    expect(speaks('ambre', 'fr')).toBe(true);
    expect(speaks('ambre', 'de')).toBe(false);
    expect(speaks('kiara', 'en')).toBe(true);
    expect(Object.keys(NOVA2_VOICES)).toHaveLength(16);
  });

  it('keeps the guild’s voice when it speaks the language, else the language’s own voice', () => {
    expect(voiceFor('fr', 'matthew')).toBe('matthew');
    expect(voiceFor('fr', 'florian')).toBe('florian');
    expect(voiceFor('de', 'florian')).toBe('tina');
    expect(voiceFor('hi', 'amy')).toBe('kiara');
    expect(voiceFor('pt-BR', undefined)).toBe('carolina');
    expect(voiceFor('en', 'arjun')).toBe('arjun');
  });

  it('accepts a voice as people type it and refuses unknown ones with the valid list', () => {
    expect(parseVoice(' Tiffany ')).toBe('tiffany');
    for (const bad of ['greta', 'alexa', '', 'toString', '__proto__']) {
      const err = (() => {
        try {
          parseVoice(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(err, bad).toBeInstanceOf(UnknownVoiceError);
      expect((err as UnknownVoiceError).validVoices).toContain('tina');
      expect((err as Error).message).toContain('valid voices: tiffany, matthew');
    }
  });
});
