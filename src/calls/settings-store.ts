/**
 * Per-guild settings and voice opt-outs, in one table keyed by guild id and item key:
 * `settings` holds the summary channel, moderator role, wake name and order-update default; `optout#<userId>` marks a
 * member who must never be listened to in that guild.
 */
import { sendOptions } from '../db/index.ts';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

export interface GuildSettings {
  readonly summaryChannelId?: string;
  readonly moderatorRoleId?: string;
  readonly wakeName?: string;
  /** Only members with this role may start a call (`/voice join`); absent: anyone. */
  readonly joinRoleId?: string;
  /** Order update DMs for members who never chose with `/order notify` (absent: on). */
  readonly orderUpdates?: 'on' | 'off';
}

const SETTINGS = 'settings';
const OPT_OUT = 'optout#';

export class SettingsStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  async get(guildId: string, signal?: AbortSignal): Promise<GuildSettings> {
    const out = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: { guildId, key: SETTINGS } }),
      sendOptions(signal),
    );
    const item = (out.Item ?? {}) as GuildSettings;
    return {
      ...(item.summaryChannelId ? { summaryChannelId: item.summaryChannelId } : {}),
      ...(item.moderatorRoleId ? { moderatorRoleId: item.moderatorRoleId } : {}),
      ...(item.wakeName ? { wakeName: item.wakeName } : {}),
      ...(item.joinRoleId ? { joinRoleId: item.joinRoleId } : {}),
      ...(item.orderUpdates === 'on' || item.orderUpdates === 'off'
        ? { orderUpdates: item.orderUpdates }
        : {}),
    };
  }

  /** Change the given settings; `null` clears one, `undefined` leaves it alone. */
  async update(
    guildId: string,
    changes: { [K in keyof GuildSettings]?: string | null },
  ): Promise<GuildSettings> {
    const set: string[] = [];
    const remove: string[] = [];
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      if (value === null) remove.push(name);
      else {
        set.push(`${name} = :${name}`);
        values[`:${name}`] = value;
      }
    }
    if (set.length + remove.length > 0) {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { guildId, key: SETTINGS },
          UpdateExpression: [
            set.length ? `SET ${set.join(', ')}` : '',
            remove.length ? `REMOVE ${remove.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join(' '),
          ...(set.length ? { ExpressionAttributeValues: values } : {}),
        }),
      );
    }
    return this.get(guildId);
  }

  async optOut(guildId: string, userId: string): Promise<void> {
    await this.#doc.send(
      new PutCommand({
        TableName: this.#table,
        Item: { guildId, key: `${OPT_OUT}${userId}`, at: Date.now() },
      }),
    );
  }

  async optIn(guildId: string, userId: string): Promise<void> {
    await this.#doc.send(
      new DeleteCommand({ TableName: this.#table, Key: { guildId, key: `${OPT_OUT}${userId}` } }),
    );
  }

  /** Every opted-out member of a guild (read once when a call starts, then kept current by the call). */
  async optedOut(guildId: string): Promise<Set<string>> {
    const users = new Set<string>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'guildId = :g AND begins_with(#key, :p)',
          ExpressionAttributeNames: { '#key': 'key' },
          ExpressionAttributeValues: { ':g': guildId, ':p': OPT_OUT },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) users.add(String(item.key).slice(OPT_OUT.length));
      start = page.LastEvaluatedKey;
    } while (start);
    return users;
  }
}
