/**
 * Shortening text for Discord's limits, which count UTF-16 code units. A cut never splits a
 * surrogate pair (half an emoji would show as �) nor a grapheme (an emoji sequence, a letter and
 * its accent); the ellipsis counts toward the limit.
 */

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
export const DISCORD_MESSAGE_LIMIT = 2000;

/** `text` if it fits in `max` code units, else its longest grapheme-whole prefix plus "…". */
export function clipText(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  const room = max - ellipsis.length;
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > room) break;
    kept += segment;
  }
  return `${kept}${ellipsis}`;
}

/**
 * Join `items` with `separator` inside `max` code units (after `prefix`/`suffix`), ending in
 * "…and N more" when they do not all fit.
 */
export function joinWithin(
  items: readonly string[],
  max: number,
  separator = ', ',
): { text: string; shown: number } {
  let text = '';
  for (const [i, item] of items.entries()) {
    const next = text ? `${text}${separator}${item}` : item;
    const left = items.length - i - 1;
    const tail = left > 0 ? `${separator}…and ${left} more` : '';
    if (next.length + tail.length > max) {
      const more = `…and ${items.length - i} more`;
      return { text: text ? `${text}${separator}${more}` : more, shown: i };
    }
    text = next;
  }
  return { text, shown: items.length };
}
