/**
 * Whether a transcript addresses the bot by its wake name. Speech recognition splits and spells
 * names freely, and differently in each language: "voice desk", "Voicedesk,", French "voix desk",
 * German "Woisdesk", Spanish "boys desk", Hindi "वॉइसडेस्क" or "वॉयस डेस्क". Two checks:
 * - letters and digits: both sides reduced to lowercase letters and digits, the name found at a
 *   word start (as written, any script);
 * - sound: for names with at least four consonant sounds, both sides reduced to a consonant
 *   skeleton (Devanagari transliterated; c/k/q, s/x/z, v/w/b and doubled letters merged; vowels
 *   and h dropped), and the name's skeleton must equal the skeleton of whole words, at most one
 *   word more than the name has. The word bound keeps everyday phrases out ("vous dis que" would
 *   otherwise sound like "voicedesk" to the skeleton).
 */
import { transliterateDevanagari } from '../i18n/devanagari.ts';

/** Letters, digits and combining marks (Devanagari vowel signs) make up a word. */
const NOT_WORD = /[^\p{L}\p{N}\p{M}]+/u;
const MIN_SKELETON = 4;

function squash(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function words(text: string): string[] {
  return text.split(NOT_WORD).filter((w) => squash(w) !== '');
}

/** The consonants a word sounds like, the same way in every supported language's spelling. */
export function consonantSkeleton(word: string): string {
  return transliterateDevanagari(word)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .replace(/ph/g, 'f')
    .replace(/ck|qu/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/[cq]/g, 'k')
    .replace(/[xz]/g, 's')
    .replace(/[wb]/g, 'v')
    .replace(/[aeiouyh]/g, '')
    .replace(/(.)\1+/gu, '$1');
}

function byLetters(transcriptWords: readonly string[], name: string): boolean {
  let text = '';
  const starts = new Set<number>();
  for (const word of transcriptWords) {
    starts.add(text.length);
    text += squash(word);
  }
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (starts.has(at)) return true;
  }
  return false;
}

function bySound(transcriptWords: readonly string[], nameWords: readonly string[]): boolean {
  const name = nameWords.map(consonantSkeleton).join('');
  if (name.length < MIN_SKELETON) return false;
  const skeletons = transcriptWords.map(consonantSkeleton);
  const maxSpan = nameWords.length + 1;
  for (let from = 0; from < skeletons.length; from++) {
    let joined = '';
    for (let to = from; to < Math.min(skeletons.length, from + maxSpan); to++) {
      joined += skeletons[to] ?? '';
      if (joined === name) return true;
      if (joined.length >= name.length) break;
    }
  }
  return false;
}

export function addressesBot(transcript: string, wakeName: string): boolean {
  const name = squash(wakeName);
  if (!name) return false;
  const transcriptWords = words(transcript);
  return byLetters(transcriptWords, name) || bySound(transcriptWords, words(wakeName));
}
