/**
 * Nova 2 Sonic's voices and the languages each speaks. The polyglot voices (tiffany, matthew)
 * speak every language Nova 2 supports; the others speak their own language (arjun and kiara also
 * Indian English). Source: LiveKit's `SONIC2_VOICES` and the Nova 2 user guide's language list
 * (summarised in docs/architecture.md, "Languages"). `greta` was a v1 voice; Nova 2 has `tina`.
 */
import { LANGUAGES, type Language } from '../../i18n/languages.ts';

export const NOVA2_VOICES = {
  tiffany: LANGUAGES,
  matthew: LANGUAGES,
  amy: ['en'],
  olivia: ['en'],
  ambre: ['fr'],
  florian: ['fr'],
  tina: ['de'],
  lennart: ['de'],
  lupe: ['es'],
  carlos: ['es'],
  beatrice: ['it'],
  lorenzo: ['it'],
  carolina: ['pt-BR'],
  leo: ['pt-BR'],
  kiara: ['hi', 'en'],
  arjun: ['hi', 'en'],
} as const satisfies Record<string, readonly Language[]>;

export type VoiceId = keyof typeof NOVA2_VOICES;

export const VOICE_IDS = Object.keys(NOVA2_VOICES) as VoiceId[];

/** Each language's own Nova 2 voice, used when the guild's voice does not speak it. */
export const DEFAULT_VOICE: Readonly<Record<Language, VoiceId>> = {
  en: 'tiffany',
  fr: 'ambre',
  de: 'tina',
  es: 'lupe',
  it: 'beatrice',
  'pt-BR': 'carolina',
  hi: 'kiara',
};

/** A voice id Nova 2 does not have; `validVoices` is what to offer instead. */
export class UnknownVoiceError extends Error {
  override name = 'UnknownVoiceError';
  readonly recoverable = false;
  readonly voiceId: string;
  readonly validVoices: readonly VoiceId[] = VOICE_IDS;
  constructor(voiceId: string) {
    super(`unknown Nova 2 Sonic voice "${voiceId.slice(0, 40)}"; valid voices: ${VOICE_IDS.join(', ')}`);
    this.voiceId = voiceId;
  }
}

export function isVoiceId(value: string): value is VoiceId {
  return Object.hasOwn(NOVA2_VOICES, value);
}

/** A voice id as someone typed it ("Tiffany ") checked against Nova 2's voices. */
export function parseVoice(input: string): VoiceId {
  const id = input.trim().toLowerCase();
  if (!isVoiceId(id)) throw new UnknownVoiceError(input);
  return id;
}

export function speaks(voice: VoiceId, language: Language): boolean {
  return (NOVA2_VOICES[voice] as readonly Language[]).includes(language);
}

/**
 * The voice of a speaker's session: the guild's voice when it speaks the speaker's language,
 * otherwise that language's default voice.
 */
export function voiceFor(language: Language, guildVoice: VoiceId | undefined): VoiceId {
  return guildVoice !== undefined && speaks(guildVoice, language) ? guildVoice : DEFAULT_VOICE[language];
}
