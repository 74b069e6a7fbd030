/**
 * Rendering a call summary as one Discord embed within Discord's limits: field values ≤ 1024
 * characters (a long list continues in a second field), ≤ 25 fields, and ≤ 6000 characters in all;
 * what does not fit ends in "…and N more" rather than being cut mid-line or rejected by Discord.
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { CallSummary } from '../bedrock/summary/types.ts';
import { clipText } from '../discord/clip.ts';

export const EMBED_LIMITS = {
  total: 6000,
  fields: 25,
  fieldValue: 1024,
  fieldName: 256,
  title: 256,
  description: 4096,
  footer: 2048,
};

export interface SummaryEmbedInput {
  readonly summary: CallSummary;
  readonly channelName: string;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Current status of each order id mentioned, in words, looked up when the summary is rendered. */
  readonly orderStatus: ReadonlyMap<string, string>;
  /** E.g. "Tokens: 12 345 (Nova Sonic 11 000 · summary 1 345) · est. $0.04". */
  readonly footer: string;
}

const SENTIMENT_LABEL: Record<CallSummary['sentiment']['overall'], string> = {
  positive: '🙂 Positive',
  neutral: '😐 Neutral',
  negative: '🙁 Negative',
  mixed: '🤔 Mixed',
};

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function clip(text: string, max: number): string {
  return clipText(text, max);
}

/** Pack bullet lines into field values of ≤ 1024 characters each. */
function packLines(lines: readonly string[]): string[] {
  const values: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = clip(raw, EMBED_LIMITS.fieldValue);
    if (current && current.length + 1 + line.length > EMBED_LIMITS.fieldValue) {
      values.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) values.push(current);
  return values;
}

function listFields(name: string, lines: readonly string[], empty?: string): APIEmbedField[] {
  if (lines.length === 0) return empty ? [{ name, value: empty }] : [];
  return packLines(lines).map((value, i) => ({ name: i === 0 ? name : `${name} (cont.)`, value }));
}

interface Section {
  readonly name: string;
  readonly lines: readonly string[];
  readonly empty: string;
  /** How many of `lines` are shown; the rest become "…and N more". */
  shown: number;
}

function sections(input: SummaryEmbedInput): Section[] {
  const { summary } = input;
  const make = (name: string, lines: readonly string[], empty: string): Section => ({
    name,
    lines,
    empty,
    shown: lines.length,
  });
  return [
    make(
      'Topics',
      summary.topics.map((t) => `• ${t}`),
      '—',
    ),
    make(
      'Action items',
      summary.actionItems.map((a) => `• **${a.owner}**: ${a.item}`),
      'None',
    ),
    make(
      'Orders discussed',
      summary.ordersDiscussed.map((o) => {
        const status = input.orderStatus.get(o.orderId);
        return `• \`${o.orderId}\`${status ? ` — now **${status}**` : ''}${o.note ? `: ${o.note}` : ''}`;
      }),
      'None',
    ),
    make(
      'Unresolved questions',
      summary.unresolvedQuestions.map((q) => `• ${q}`),
      'None',
    ),
  ];
}

function sectionFields(section: Section): APIEmbedField[] {
  const hidden = section.lines.length - section.shown;
  const lines = [...section.lines.slice(0, section.shown), ...(hidden > 0 ? [`…and ${hidden} more`] : [])];
  return listFields(section.name, lines, section.empty);
}

function headFields(input: SummaryEmbedInput): APIEmbedField[] {
  const { summary } = input;
  const sentiment = [SENTIMENT_LABEL[summary.sentiment.overall], summary.sentiment.notes]
    .filter(Boolean)
    .join(' — ');
  return [
    { name: 'Participants', value: clip(summary.participants.join(', ') || '—', 300), inline: true },
    { name: 'Duration', value: formatDuration(input.endedAt - input.startedAt), inline: true },
    { name: 'Customer sentiment', value: clip(sentiment, 600) },
  ];
}

function size(fields: readonly APIEmbedField[]): number {
  return fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
}

/**
 * The moderators' summary embed. When everything does not fit, the longest list gives up its last
 * item first, so every section stays visible and ends with "…and N more".
 */
export function renderSummaryEmbed(input: SummaryEmbedInput): APIEmbed {
  const title = clip(`Call summary — ${input.channelName}`, EMBED_LIMITS.title);
  const footer = clip(input.footer, EMBED_LIMITS.footer);
  const head = headFields(input);
  const lists = sections(input);
  const budget = EMBED_LIMITS.total - title.length - footer.length - size(head);
  let fields = lists.flatMap(sectionFields);
  while (size(fields) > budget || head.length + fields.length > EMBED_LIMITS.fields) {
    const longest = lists
      .filter((s) => s.shown > 0)
      .reduce((a, b) => (size(sectionFields(a)) >= size(sectionFields(b)) ? a : b));
    longest.shown -= 1;
    fields = lists.flatMap(sectionFields);
  }
  return {
    title,
    color: 0x5865f2,
    fields: [...head, ...fields],
    footer: { text: footer },
    timestamp: new Date(input.endedAt).toISOString(),
  };
}

/** Total characters Discord counts toward the 6000 limit. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}
