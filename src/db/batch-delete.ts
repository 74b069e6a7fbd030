/**
 * Deleting keys in batches of 25 with unprocessed items retried under backoff. The caller sends
 * each batch (its own BatchWriteItem on its own table), so which file touches which table stays
 * visible to the IAM policy check.
 */
const BATCH = 25;
const MAX_ROUNDS = 6;

export type DeleteRequest = { readonly DeleteRequest: { readonly Key: Record<string, unknown> } };

/** Send one batch; resolves the requests DynamoDB left unprocessed. */
export type SendBatch = (requests: readonly DeleteRequest[]) => Promise<readonly DeleteRequest[]>;

export async function batchDelete(keys: readonly Record<string, unknown>[], send: SendBatch): Promise<void> {
  for (let i = 0; i < keys.length; i += BATCH) {
    let requests: readonly DeleteRequest[] = keys
      .slice(i, i + BATCH)
      .map((Key) => ({ DeleteRequest: { Key } }));
    for (let round = 0; requests.length > 0; round += 1) {
      if (round >= MAX_ROUNDS) throw new Error(`${requests.length} deletes stayed unprocessed`);
      if (round > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** round));
      requests = await send(requests);
    }
  }
}
