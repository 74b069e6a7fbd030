/**
 * The "listening" marker on the bot's nickname. Discord nicknames hold at most 32 characters
 * (UTF-16 code units), so the name is shortened to make room for the whole marker, at a grapheme
 * boundary (an emoji or accented letter is never split). Reading a marked name back gives the
 * name without the marker; a shortened name maps back to the account name it was cut from.
 */

export const LISTENING_SUFFIX = ' 🔴 listening';
export const MAX_NICKNAME = 32;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The nickname that marks `name` as listening: at most 32 code units, the marker always whole. */
export function markedName(name: string): string {
  const room = MAX_NICKNAME - LISTENING_SUFFIX.length;
  let kept = '';
  for (const { segment } of graphemes.segment(name)) {
    if (kept.length + segment.length > room) break;
    kept += segment;
  }
  return `${kept.trimEnd()}${LISTENING_SUFFIX}`;
}

export function isMarked(name: string): boolean {
  return name.endsWith(LISTENING_SUFFIX);
}

/**
 * `displayName` without the marker. When the marked part was shortened from `accountName`, the
 * account name is returned whole.
 */
export function unmarkedName(displayName: string, accountName: string): string {
  if (!isMarked(displayName)) return displayName;
  const base = displayName.slice(0, -LISTENING_SUFFIX.length);
  return base === '' || accountName.startsWith(base) ? accountName : base;
}
