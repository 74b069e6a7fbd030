/**
 * Dates, times, money and numbers in a reader's locale through `Intl`. Building an Intl formatter
 * costs far more than formatting with one, so formatters are kept per locale and options. Discord
 * timestamps (`<t:unix:R>`) are preferred in Discord text: each client renders them in its own
 * locale and time zone; spoken text has no such markup and says UTC.
 */

export type DiscordTimestampStyle = 't' | 'T' | 'd' | 'D' | 'f' | 'F' | 'R';

/** Discord's timestamp markup for an ISO date: the reader's client formats it. */
export function discordTimestamp(iso: string, style: DiscordTimestampStyle): string {
  return `<t:${Math.floor(Date.parse(iso) / 1000)}:${style}>`;
}

const moneyFormats = new Map<string, Intl.NumberFormat | undefined>();

/** `amount` of `currency` (ISO 4217) as the reader writes it; an unknown code reads "12.50 XYZ". */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const id = `${locale}|${currency}`;
  if (!moneyFormats.has(id)) {
    let format: Intl.NumberFormat | undefined;
    try {
      format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      format = undefined; // not an ISO 4217 code Intl knows
    }
    moneyFormats.set(id, format);
  }
  return moneyFormats.get(id)?.format(amount) ?? `${amount.toFixed(2)} ${currency}`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number with the reader's grouping and decimal separators. */
export function formatNumber(value: number, locale: string): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, kind: 'spokenDay' | 'time' | 'date', timeZone: string) {
  const id = `${locale}|${kind}|${timeZone}`;
  let format = dateFormats.get(id);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'spokenDay'
        ? { weekday: 'long', month: 'long', day: 'numeric', timeZone }
        : kind === 'time'
          ? { hour: 'numeric', minute: '2-digit', timeZone }
          : { dateStyle: 'medium', timeZone };
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(id, format);
  }
  return format;
}

/** "Thursday, November 26" / "jeudi 26 novembre": a day as people say it. */
export function formatSpokenDay(date: Date, locale: string, timeZone = 'UTC'): string {
  return dateFormat(locale, 'spokenDay', timeZone).format(date);
}

/** "3:00 PM" / "15:00": the time of day. */
export function formatTime(date: Date, locale: string, timeZone = 'UTC'): string {
  return dateFormat(locale, 'time', timeZone).format(date);
}

/** "Nov 26, 2026" / "26 nov. 2026": a date where Discord markup cannot be used. */
export function formatDate(date: Date, locale: string, timeZone = 'UTC'): string {
  return dateFormat(locale, 'date', timeZone).format(date);
}
