/**
 * Turning a transcript into Converse requests: one line per utterance with a relative timestamp,
 * split into parts that each fit comfortably in one request.
 */
import type { TranscriptLine } from './types.ts';

export const SUMMARY_TOOL_NAME = 'record_call_summary';

export const SUMMARY_SYSTEM_PROMPT = [
  'You summarise voice calls between customers of an online shop and the shop’s voice assistant,',
  'for the community moderators. Be factual and brief; never invent orders, people or promises.',
  'Participants are the people who spoke. Topics are short phrases. Action items name an owner',
  '(a participant, "assistant" or "moderators"). Orders discussed are the order ids mentioned',
  '(like A-1042). Unresolved questions are things a customer asked that were not answered.',
  `Record the summary by calling the ${SUMMARY_TOOL_NAME} tool; if you cannot call tools, reply with`,
  'only the same JSON object and nothing else.',
].join(' ');

function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** `[mm:ss] Alice: text` / `[mm:ss] Assistant (to Alice): text`, relative to the first line. */
export function renderTranscript(lines: readonly TranscriptLine[]): string[] {
  const start = lines[0]?.at ?? 0;
  return lines.map((line) => {
    const who = line.role === 'user' ? line.speaker : `Assistant (to ${line.speaker})`;
    return `[${clock(line.at - start)}] ${who}: ${line.text.replace(/\s+/g, ' ').trim()}`;
  });
}

/** Split rendered lines into parts of at most `maxChars` characters (a longer single line is cut). */
export function splitIntoParts(rendered: readonly string[], maxChars: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const raw of rendered) {
    const line = raw.length > maxChars ? `${raw.slice(0, maxChars - 1)}…` : raw;
    if (current && current.length + line.length + 1 > maxChars) {
      parts.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) parts.push(current);
  return parts;
}

export function userMessage(part: string, index: number, count: number): string {
  const which = count > 1 ? ` (part ${index + 1} of ${count}; summarise only this part)` : '';
  return `Transcript of the call${which}:\n\n${part}`;
}
