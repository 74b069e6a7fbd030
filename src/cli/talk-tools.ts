/**
 * `--as <discordUserId>`: the order tools bound to that customer, against the configured store
 * (embedded or DynamoDB), exactly as a speaker's session gets them. Never a moderator: the console
 * speaks as one customer.
 */
import type { ToolSpec } from '../bedrock/sonic/events-in.ts';
import type { ToolHandler } from '../bedrock/sonic/session-options.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/index.ts';
import type { Logger } from '../log.ts';
import { OrderService } from '../orders/service.ts';
import { OrderStore } from '../orders/store.ts';
import { createOrderTools } from '../orders/tools.ts';

export interface CustomerTools {
  readonly specs: readonly ToolSpec[];
  readonly handler: ToolHandler;
  close(): Promise<void>;
}

export async function openCustomerTools(config: Config, log: Logger, userId: string): Promise<CustomerTools> {
  const db = await openDatabase(config.store, { log });
  const service = new OrderService({ store: new OrderStore({ doc: db.doc, tableName: db.tables.orders }) });
  const tools = createOrderTools(service);
  const bound = tools.handlerFor({ userId, isModerator: false });
  return {
    specs: tools.specs,
    handler: (name, input, signal) => bound(name, input, signal),
    close: () => db.close(),
  };
}
