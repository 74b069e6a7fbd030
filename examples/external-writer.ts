/**
 * An external writer of the orders table (a warehouse system, a payment webhook) moving an order's
 * status so that voicedesk tells the customer: the write contract of docs/notifications.md, with
 * nothing from voicedesk's own code, only the AWS SDK.
 *
 *   node examples/external-writer.ts A-1042 DELIVERED [--from OUT_FOR_DELIVERY] [--table voicedesk-orders]
 *
 * AWS credentials and region come from the standard chain; AWS_ENDPOINT_URL_DYNAMODB points it at
 * another endpoint. The change and its pending notification are ONE UpdateItem: both happen or
 * neither does, and the bot's notifier sends the DM within seconds (or at its next start).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { from: { type: 'string' }, table: { type: 'string', default: 'voicedesk-orders' } },
});
const [orderId, status] = positionals;
if (!orderId || !status) {
  console.error('usage: node examples/external-writer.ts ORDER_ID STATUS [--from STATUS] [--table NAME]');
  process.exit(2);
}

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const at = new Date().toISOString();
const notification = { id: randomUUID(), status, at, source: 'warehouse' };

await doc.send(
  new UpdateCommand({
    TableName: values.table,
    Key: { orderId },
    UpdateExpression:
      'SET #status = :to, updatedAt = :at, ' +
      'history = list_append(if_not_exists(history, :empty), :historyEntry), ' +
      'outbox = list_append(if_not_exists(outbox, :empty), :notification), ' +
      'outboxState = :pending',
    // Only an existing order, and (optionally) only from the status this writer last saw.
    ConditionExpression: values.from
      ? 'attribute_exists(orderId) AND #status = :from'
      : 'attribute_exists(orderId)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':to': status,
      ':at': at,
      ':empty': [],
      ':historyEntry': [{ status, at }],
      ':notification': [notification],
      ':pending': 'pending',
      ...(values.from ? { ':from': values.from } : {}),
    },
  }),
);
console.log(`${orderId} is now ${status}; notification ${notification.id} queued`);
doc.destroy();
