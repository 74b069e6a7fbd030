/**
 * The system prompt of one speaker's session: the shop, who is speaking, what the tools do, and
 * the rules the code enforces anyway (the tools only ever see the speaker's own orders). Written in
 * the speaker's language from the message catalogue, so Nova Sonic answers in it.
 */
import type { Language } from '../i18n/languages.ts';
import { translatorFor } from '../i18n/translate.ts';

export interface PromptInput {
  readonly shopName: string;
  readonly speakerName: string;
  readonly botName: string;
  /** True when others are in the channel and the speaker must address the bot by name. */
  readonly shared: boolean;
  /**
   * The speaker's language. When given, the prompt is written in it and says to answer in it
   * (Nova 2 still follows a speaker who switches language); when absent, the English prompt
   * without a language line, as before languages existed.
   */
  readonly language?: Language;
}

export function systemPrompt(input: PromptInput): string {
  const t = translatorFor(input.language ?? 'en');
  return [
    t('prompt.identity', { botName: input.botName, shopName: input.shopName }),
    t('prompt.style', { speakerName: input.speakerName }),
    t('prompt.scope'),
    t('prompt.tools'),
    t('prompt.ownOrders'),
    t('prompt.noInvention'),
    input.shared ? t('prompt.shared', { botName: input.botName }) : '',
    input.language ? t('prompt.language') : '',
  ]
    .filter(Boolean)
    .join('\n');
}
