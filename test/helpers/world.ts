/**
 * The whole offline world a bot process runs in: a loopback Discord (gateway, REST, voice), a
 * loopback Bedrock (Nova Sonic streams and Converse) and a DynamoDB-compatible store (dynalite),
 * plus a guild with a voice channel, a moderators' channel and customers whose orders are loaded.
 * Used by the calls end-to-end tests, the offline demo and the soak run.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allTableInputs, tableNames } from '../../src/db/index.ts';
import { importOrders } from '../../src/orders/import.ts';
import { parseImport } from '../../src/orders/import-schema.ts';
import { OrderStore } from '../../src/orders/store.ts';
import { FakeBedrock, type FakeBedrockOptions } from '../fakes/bedrock/server.ts';
import { FakeDiscord, type FakeChannel, type FakeGuild, type FakeUser } from '../fakes/discord/index.ts';
import { FakeVoiceServer } from '../fakes/discord/voice/index.ts';
import { startDynalite, type TestDynamo } from './dynalite.ts';

export const EXAMPLE_ORDERS = fileURLToPath(new URL('../../examples/orders.json', import.meta.url));
const EXAMPLE_CUSTOMER_IDS = ['1400000000000000001', '1400000000000000002', '1400000000000000003'];

/** A guild of the world with its help-desk voice channel, moderators' channel and members. */
export interface WorldGuild {
  readonly guild: FakeGuild;
  readonly helpDesk: FakeChannel;
  readonly moderators: FakeChannel;
  readonly members: readonly FakeUser[];
}

export interface WorldOptions {
  readonly bedrock?: FakeBedrockOptions;
  /** Customer names to create (each becomes a guild member). */
  readonly customers?: readonly string[];
  /** Table prefix in the shared store (isolates worlds that share one dynalite). */
  readonly tablePrefix?: string;
}

export class World {
  readonly discord: FakeDiscord;
  readonly voice: FakeVoiceServer;
  readonly bedrock: FakeBedrock;
  readonly dynamo: TestDynamo;
  readonly guild: FakeGuild;
  readonly helpDesk: FakeChannel;
  readonly moderators: FakeChannel;
  readonly customers: Map<string, FakeUser>;
  readonly tablePrefix: string;

  private constructor(parts: {
    discord: FakeDiscord;
    voice: FakeVoiceServer;
    bedrock: FakeBedrock;
    dynamo: TestDynamo;
    guild: FakeGuild;
    helpDesk: FakeChannel;
    moderators: FakeChannel;
    customers: Map<string, FakeUser>;
    tablePrefix: string;
  }) {
    this.discord = parts.discord;
    this.voice = parts.voice;
    this.bedrock = parts.bedrock;
    this.dynamo = parts.dynamo;
    this.guild = parts.guild;
    this.helpDesk = parts.helpDesk;
    this.moderators = parts.moderators;
    this.customers = parts.customers;
    this.tablePrefix = parts.tablePrefix;
  }

  static async start(options: WorldOptions = {}): Promise<World> {
    const [discord, voice, bedrock, dynamo] = await Promise.all([
      FakeDiscord.start(),
      FakeVoiceServer.start(),
      FakeBedrock.start({ endpointingMs: 700, ...options.bedrock }),
      startDynalite(),
    ]);
    discord.setVoiceProvider(voice);
    // The example orders belong to these ids (examples/orders.json).
    const names = options.customers ?? ['alice', 'bob', 'carol'];
    const customers = new Map(
      names.map((name, i) => [name, discord.createUser(name, { id: EXAMPLE_CUSTOMER_IDS[i] })]),
    );
    const guild = discord.createGuild('Fake Shop', { members: [...customers.values()] });
    const helpDesk = [...guild.channels.values()].find((c) => c.kind === 'voice');
    if (!helpDesk) throw new Error('the fake guild has no voice channel');
    const moderators = guild.addTextChannel('moderators');
    const tablePrefix = options.tablePrefix ?? `w${Date.now().toString(36)}-`;
    await dynamo.createTables(allTableInputs(tablePrefix));
    return new World({
      discord,
      voice,
      bedrock,
      dynamo,
      guild,
      helpDesk,
      moderators,
      customers,
      tablePrefix,
    });
  }

  /** Load orders (default: examples/orders.json) through the real import path. */
  async seedOrders(file = EXAMPLE_ORDERS): Promise<void> {
    const parsed = parseImport(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.ok) throw new Error(`bad order fixture: ${parsed.problems.join('; ')}`);
    const store = new OrderStore({ doc: this.dynamo.doc, tableName: tableNames(this.tablePrefix).orders });
    await importOrders(store, parsed.orders);
  }

  /**
   * Another guild (for sharding and the soak) with its own members, created with these names
   * (they also become `customer(name)`, so names must be unique across the world).
   */
  addGuild(name: string, memberNames: readonly string[]): WorldGuild {
    const members = memberNames.map((member) => this.discord.createUser(member));
    for (const member of members) this.customers.set(member.username, member);
    const guild = this.discord.createGuild(name, { members });
    const helpDesk = [...guild.channels.values()].find((c) => c.kind === 'voice');
    if (!helpDesk) throw new Error('the fake guild has no voice channel');
    return { guild, helpDesk, moderators: guild.addTextChannel('moderators'), members };
  }

  /** Put members of `where` into its help-desk channel, or out of voice with `null`. */
  inVoiceOf(where: WorldGuild, names: readonly string[], channelId: string | null = where.helpDesk.id): void {
    for (const name of names) this.discord.setUserVoiceState(this.customer(name), where.guild, channelId);
  }

  customer(name: string): FakeUser {
    const user = this.customers.get(name);
    if (!user) throw new Error(`no customer ${name}`);
    return user;
  }

  /** Environment for a bot process living in this world. */
  botEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...this.discord.botEnv(),
      ...this.voice.botEnv(),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDFAKEWORLD',
      AWS_SECRET_ACCESS_KEY: 'fake-world-secret',
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: this.bedrock.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: this.dynamo.endpoint,
      TABLE_PREFIX: this.tablePrefix,
      SUMMARY_CHANNEL_ID: this.moderators.id,
      // Every guild made so far belongs to the shop (a hostile world passes its own list).
      SHOP_GUILD_IDS: [...this.discord.guilds.keys()].join(','),
      VOICE_READY_TIMEOUT_MS: '5000',
      // Test machines run several bots at once: lag-based join shedding would refuse at random.
      JOIN_MAX_LAG_P99_MS: '10000',
      // Every process of the world runs on one machine, one clock: a small skew margin keeps lease
      // takeovers (fleet slots, summary claims) as quick as the tests' short leases intend.
      CLOCK_SKEW_MARGIN_MS: '200',
      ...extra,
    };
  }

  /** Put people into (channel id) or out of (null) the help-desk voice channel. */
  inVoice(names: readonly string[], channelId: string | null = this.helpDesk.id): void {
    for (const name of names) this.discord.setUserVoiceState(this.customer(name), this.guild, channelId);
  }

  async close(): Promise<void> {
    await Promise.allSettled([
      this.voice.close(),
      this.discord.close(),
      this.bedrock.close(),
      this.dynamo.close(),
    ]);
  }
}
