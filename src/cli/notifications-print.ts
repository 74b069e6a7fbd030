/**
 * What `npm run orders` prints about customer notifications: the line after `set-status`, and
 * `notifications [--pending]` (the outbox as it stands, or recent fates).
 */
import type { Database } from '../db/index.ts';
import { OutboxStore } from '../notifications/outbox-store.ts';
import { NotificationRecords } from '../notifications/records.ts';
import type { OutboxEntry } from '../orders/outbox.ts';

/** Whether the change queued the customer's DM, in one line. */
export function queuedLine(queued: OutboxEntry, enabled: boolean): string {
  if (!enabled) {
    return `notification ${queued.id} queued, but ORDER_NOTIFICATIONS=off: the bot records it as skipped`;
  }
  return `notification ${queued.id} queued: the running bot DMs the customer within seconds (or at its next start)`;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '?');
const when = (ms: unknown) => (typeof ms === 'number' && ms > 0 ? new Date(ms).toISOString() : '-');

export async function printNotifications(db: Database, options: { pending: boolean }): Promise<void> {
  if (options.pending) {
    const pending = await new OutboxStore(db.doc, db.tables.orders).listPending(100);
    for (const p of pending) {
      const head = p.head ?? {};
      const fields = [
        p.orderId,
        str(head.status),
        `queued ${str(head.at)}`,
        `attempts ${Number(head.attempts ?? 0)}`,
        `next ${when(head.notBefore)}`,
        head.lastError ? `last error ${str(head.lastError)}` : '',
        head.holder && Number(head.leaseUntil) > Date.now() ? `held by ${str(head.holder)}` : '',
        p.queued > 1 ? `+${p.queued - 1} more` : '',
      ];
      console.log(fields.filter(Boolean).join('\t'));
    }
    if (pending.length === 0) console.log('no pending notifications');
    return;
  }
  const recent = await new NotificationRecords(db.doc, db.tables.notifications).recent(50);
  for (const r of recent) {
    const fields = [r.queuedAt, r.orderId, r.status, r.fate, r.reason ?? '', `attempts ${r.attempts}`];
    console.log(fields.join('\t'));
  }
  if (recent.length === 0) console.log('no notifications in the last 7 days');
}
