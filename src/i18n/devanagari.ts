/**
 * A rough Devanagari → Latin transliteration, for matching what Hindi speech recognition writes
 * ("वॉइस डेस्क") against Latin names ("voicedesk"). Not a scholarly scheme: consonants map to the
 * Latin letters an English reader would expect, vowel signs to their nearest vowel, and the
 * inherent vowel is left out (the wake-name matcher ignores vowels anyway).
 */

// prettier-ignore
const CONSONANTS: Readonly<Record<string, string>> = {
  क: 'k', ख: 'kh', ग: 'g', घ: 'gh', ङ: 'n',
  च: 'ch', छ: 'chh', ज: 'j', झ: 'jh', ञ: 'n',
  ट: 't', ठ: 'th', ड: 'd', ढ: 'dh', ण: 'n',
  त: 't', थ: 'th', द: 'd', ध: 'dh', न: 'n',
  प: 'p', फ: 'ph', ब: 'b', भ: 'bh', म: 'm',
  य: 'y', र: 'r', ल: 'l', व: 'v', श: 'sh', ष: 'sh', स: 's', ह: 'h',
};

/** A consonant followed by the nukta (़) is a sound borrowed from Persian or English. */
// prettier-ignore
const WITH_NUKTA: Readonly<Record<string, string>> = {
  क: 'q', ख: 'kh', ग: 'g', ज: 'z', ड: 'r', ढ: 'rh', फ: 'f', य: 'y',
};

// prettier-ignore
const VOWELS: Readonly<Record<string, string>> = {
  // independent vowels
  अ: 'a', आ: 'aa', इ: 'i', ई: 'ii', उ: 'u', ऊ: 'uu', ऋ: 'ri', ए: 'e', ऐ: 'ai', ओ: 'o', औ: 'au', ऑ: 'o', ऍ: 'e',
  // vowel signs
  'ा': 'a', 'ि': 'i', 'ी': 'i', 'ु': 'u', 'ू': 'u', 'ृ': 'ri', 'े': 'e', 'ै': 'ai', 'ो': 'o', 'ौ': 'au', 'ॉ': 'o', 'ॅ': 'e',
  // nasalisation and visarga
  'ं': 'n', 'ँ': 'n', 'ः': 'h',
};

const NUKTA = '\u093c';

export function transliterateDevanagari(text: string): string {
  if (!/\p{sc=Deva}/u.test(text)) return text;
  const chars = [...text.normalize('NFD')];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    const consonant = CONSONANTS[ch];
    if (consonant !== undefined) {
      const nukta = chars[i + 1] === NUKTA ? WITH_NUKTA[ch] : undefined;
      out += nukta ?? consonant;
      if (nukta !== undefined) i++;
    } else if (ch === NUKTA || ch === '\u094d') {
      // a stray nukta, or the virama (no vowel after the consonant): nothing to write
    } else {
      out += VOWELS[ch] ?? ch;
    }
  }
  return out;
}
