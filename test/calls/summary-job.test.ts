import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Client, GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBedrockClient } from '../../src/bedrock/client.ts';
import { CallStore } from '../../src/calls/call-store.ts';
import { SummaryJob, type SummaryJobDeps } from '../../src/calls/summary-job.ts';
import { discordSummaryPoster } from '../../src/calls/summary-poster.ts';
import { allTableInputs, tableNames } from '../../src/db/index.ts';
import { readTranscript, TranscriptWriter } from '../../src/calls/transcript-store.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { Metrics } from '../../src/ops/metrics.ts';
import { FakeBedrock } from '../fakes/bedrock/server.ts';
import { FakeDiscord, type FakeChannel } from '../fakes/discord/index.ts';
import { startDynalite, type TestDynamo } from '../helpers/dynalite.ts';

const log = createLogger({ level: 'silent', format: 'json' });
const PREFIX = 'job-';
const names = tableNames(PREFIX);
const summaryJson = JSON.stringify({
  participants: ['Alice'],
  topics: ['delivery'],
  sentiment: { overall: 'positive', notes: '' },
  actionItems: [],
  ordersDiscussed: [{ orderId: 'A-1042', note: 'arrives today' }],
  unresolvedQuestions: [],
});

describe('the summary job', () => {
  let db: TestDynamo;
  let bedrock: FakeBedrock;
  let discord: FakeDiscord;
  let client: Client;
  let channel: FakeChannel;
  let calls: CallStore;
  let nextCall = 0;

  // The fake's reply queues are per model id, so every test uses models of its own.
  let models = { primary: '', fallback: '' };
  beforeEach(() => {
    models = { primary: `nova.pro.${nextCall}`, fallback: `fallback.${nextCall}` };
  });
  const deps = (overrides: Partial<SummaryJobDeps> = {}): SummaryJobDeps => ({
    config: loadConfig(
      { SUMMARY_MODEL_ID: models.primary, SUMMARY_FALLBACK_MODEL_IDS: models.fallback },
      { requireDiscordToken: false },
    ),
    log,
    metrics: new Metrics({ defaultMetrics: false }),
    calls,
    // The lines are dated 1970 with a day's retention: read them as of then.
    readTranscript: (callId) => readTranscript(db.doc, names.transcripts, callId, 0),
    bedrock: createBedrockClient({ aws: { region: 'us-east-1', bedrockEndpoint: bedrock.endpoint } }, log, {
      credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' },
      maxAttempts: 1,
    }),
    poster: discordSummaryPoster(client),
    summaryChannel: async () => channel.id,
    orderFacts: async (id) =>
      id === 'A-1042'
        ? { customerId: 'u', status: 'out for delivery', deliveryAddress: 'Harbour Street 1, 20095 Hamburg' }
        : undefined,
    owner: 'proc-a',
    backoffBaseMs: 1,
    ...overrides,
  });

  async function endedCall(lines: { role: 'user' | 'assistant'; text: string }[]): Promise<string> {
    nextCall += 1;
    const callId = `call-${nextCall}`;
    await calls.create({
      callId,
      guildId: 'g',
      voiceChannelId: 'v',
      channelName: 'Help Desk',
      startedAt: 1_000,
    });
    const writer = new TranscriptWriter({ doc: db.doc, table: names.transcripts, retentionDays: 1, log });
    lines.forEach((l, i) =>
      writer.append({ callId, speakerId: 'u', speakerName: 'Alice', sessionId: 's', at: 1_000 + i, ...l }),
    );
    await writer.flush();
    await calls.markEnded(callId, {
      endedAt: 60_000,
      reason: 'leave',
      usage: { speechIn: 1000, speechOut: 500, textIn: 0, textOut: 0 },
    });
    return callId;
  }
  const messagesFor = (callId: string) =>
    discord.messages.filter((m) => m.content.includes(callId) || JSON.stringify(m.embeds).includes(callId));

  beforeAll(async () => {
    db = await startDynalite();
    await db.createTables(allTableInputs(PREFIX));
    calls = new CallStore(db.doc, names.calls);
    bedrock = await FakeBedrock.start();
    discord = await FakeDiscord.start();
    const guild = discord.createGuild();
    channel = guild.addTextChannel('moderators');
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
    await client.login(discord.token);
    await new Promise((resolve) => (client.isReady() ? resolve(null) : client.once('clientReady', resolve)));
  });
  afterAll(async () => {
    await client.destroy();
    await discord.close();
    await bedrock.close();
    await db.close();
  });

  it('posts a progress message and edits it into the summary embed with current order status and cost', async () => {
    bedrock.converse.reply(models.primary, { text: summaryJson });
    const callId = await endedCall([
      { role: 'user', text: 'Where is A-1042?' },
      { role: 'assistant', text: 'Out for delivery.' },
    ]);
    expect(await new SummaryJob(deps()).run(callId)).toBe('posted');
    const [message, ...others] = messagesFor(callId);
    expect(others).toHaveLength(0);
    expect(message?.channelId).toBe(channel.id);
    expect(message?.editedAt).toBeDefined();
    const embed = message?.embeds[0] as {
      title: string;
      fields: { name: string; value: string }[];
      footer: { text: string };
    };
    expect(embed.title).toBe('Call summary — Help Desk');
    expect(embed.fields.find((f) => f.name === 'Orders discussed')?.value).toContain(
      'now **out for delivery**',
    );
    expect(embed.footer.text).toMatch(/^Tokens: [\d,]+ \(Nova Sonic 1,500 · summary [\d,]+\) · est\./);
    expect((await calls.get(callId))?.state).toBe('posted');
  });

  it('posts nothing for a call in which no human spoke', async () => {
    const callId = await endedCall([]);
    expect(await new SummaryJob(deps()).run(callId)).toBe('empty');
    expect(messagesFor(callId)).toHaveLength(0);
  });

  it('reuses the progress message a crashed process posted but never recorded', async () => {
    bedrock.converse.reply(models.primary, { text: summaryJson });
    const callId = await endedCall([{ role: 'user', text: 'Hello' }]);
    await discordSummaryPoster(client).post(channel.id, `📝 Summarising… (call ${callId})`, 'other-nonce');
    expect(await new SummaryJob(deps()).run(callId)).toBe('posted');
    expect(messagesFor(callId)).toHaveLength(1);
  });

  it('fails over to the fallback model', async () => {
    bedrock.converse.reply(models.primary, { status: 500, errorType: 'InternalServerException' });
    bedrock.converse.reply(models.fallback, { text: summaryJson });
    const callId = await endedCall([{ role: 'user', text: 'Hello' }]);
    expect(await new SummaryJob(deps()).run(callId)).toBe('posted');
    expect(bedrock.converse.requests.slice(-2).map((r) => r.modelId)).toEqual([
      models.primary,
      models.fallback,
    ]);
  });

  it('retries with backoff after an outage, then posts exactly once', async () => {
    bedrock.converse.reply(
      models.primary,
      { status: 503, errorType: 'ServiceUnavailableException' },
      { text: summaryJson },
    );
    bedrock.converse.reply(
      models.fallback,
      { status: 503, errorType: 'ServiceUnavailableException' },
      { text: summaryJson },
    );
    const callId = await endedCall([{ role: 'user', text: 'Hello' }]);
    expect(await new SummaryJob(deps()).run(callId)).toBe('retry');
    expect((await calls.get(callId))?.nextAttemptAt).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 10));
    expect(await new SummaryJob(deps({ owner: 'proc-b' })).run(callId)).toBe('posted');
    expect(messagesFor(callId)).toHaveLength(1);
  });

  it('lets only one of two processes summarise the same call', async () => {
    bedrock.converse.reply(models.primary, { text: summaryJson });
    const callId = await endedCall([{ role: 'user', text: 'Hello' }]);
    const outcomes = await Promise.all([
      new SummaryJob(deps()).run(callId),
      new SummaryJob(deps({ owner: 'proc-b' })).run(callId),
    ]);
    expect(outcomes.sort()).toEqual(['posted', 'skipped']);
    expect(messagesFor(callId)).toHaveLength(1);
  });

  it('aborts the model call and never edits once another process has taken the claim', async () => {
    bedrock.converse.reply(models.primary, { hang: true });
    const callId = await endedCall([{ role: 'user', text: 'Hello' }]);
    const started = Date.now();
    const run = new SummaryJob(deps({ leaseMs: 300 })).run(callId);
    await expect.poll(() => messagesFor(callId).length, { timeout: 5_000 }).toBe(1);
    await expect.poll(() => bedrock.converse.requests.some((r) => r.modelId === models.primary)).toBe(true);
    // Another process took the job over (this one stalled past its lease, say).
    await db.doc.send(
      new UpdateCommand({
        TableName: names.calls,
        Key: { callId },
        UpdateExpression: 'SET claimOwner = :other',
        ExpressionAttributeValues: { ':other': 'proc-b' },
      }),
    );
    expect(await run).toBe('skipped');
    expect(Date.now() - started).toBeLessThan(5_000); // the hung request was aborted, not waited out
    const [message] = messagesFor(callId);
    expect(message?.embeds).toHaveLength(0); // still the progress message: the loser never edited it
    expect((await calls.get(callId))?.claimOwner).toBe('proc-b');
  });

  it('finds its progress message however many messages were posted after it', async () => {
    bedrock.converse.reply(models.primary, { text: summaryJson });
    const callId = await endedCall([{ role: 'user', text: 'Hello' }]);
    await discordSummaryPoster(client).post(channel.id, `📝 Summarising… (call ${callId})`, 'crashed-nonce');
    // Members chat on after it (their messages, not the bot's: Discord's per-channel bot limit does not apply).
    for (let i = 0; i < 120; i++) discord.otherPosts(channel.id, `chatter ${i}`);
    expect(await new SummaryJob(deps()).run(callId)).toBe('posted');
    expect(messagesFor(callId)).toHaveLength(1);
    expect(messagesFor(callId)[0]?.embeds).toHaveLength(1);
  });

  it('notes a transcript gap when lines could not be saved in time', async () => {
    bedrock.converse.reply(models.primary, { text: summaryJson });
    const callId = await endedCall([{ role: 'user', text: 'Hello' }]);
    // The call ended long ago (endedAt 60 s after the epoch): no more waiting for the spool.
    expect(await new SummaryJob(deps({ unwritten: () => 2 })).run(callId)).toBe('posted');
    expect(JSON.stringify(messagesFor(callId)[0]?.embeds)).toContain(
      '2 transcript lines were not saved in time',
    );
  });
});
