/**
 * Whether a transcript addresses the bot by its wake name. Speech recognition splits and spells
 * names freely ("voice desk", "Voicedesk,"), so both sides are reduced to letters and digits
 * before looking for the name at a word start.
 */

function squash(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Start offsets (in the squashed text) of every word of `text`. */
function wordStarts(text: string): Set<number> {
  const starts = new Set<number>();
  let offset = 0;
  for (const word of text.split(/[^\p{L}\p{N}]+/u)) {
    const squashed = squash(word);
    if (squashed) starts.add(offset);
    offset += squashed.length;
  }
  return starts;
}

export function addressesBot(transcript: string, wakeName: string): boolean {
  const name = squash(wakeName);
  if (!name) return false;
  const text = squash(transcript);
  const starts = wordStarts(transcript);
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (starts.has(at)) return true;
  }
  return false;
}
