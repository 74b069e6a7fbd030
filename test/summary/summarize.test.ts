import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockClient } from '../../src/bedrock/client.ts';
import { SummaryError, summarizeCall } from '../../src/bedrock/summary/summarize.ts';
import type { CallSummary, TranscriptLine } from '../../src/bedrock/summary/types.ts';
import { createLogger } from '../../src/log.ts';
import { FakeBedrock } from '../fakes/bedrock/server.ts';

const log = createLogger({ level: 'silent', format: 'json' });
const t0 = Date.parse('2026-11-20T10:00:00Z');
const lines: TranscriptLine[] = [
  { speaker: 'Alice', role: 'user', text: 'Where is my order A-1042?', at: t0 },
  {
    speaker: 'Alice',
    role: 'assistant',
    text: 'A-1042 is out for delivery and arrives today.',
    at: t0 + 4_000,
  },
  { speaker: 'Bob', role: 'user', text: 'Can I change the address of A-2001?', at: t0 + 65_000 },
];
const summary: CallSummary = {
  participants: ['Alice', 'Bob'],
  topics: ['delivery status', 'address change'],
  sentiment: { overall: 'positive', notes: 'Customers were satisfied.' },
  actionItems: [{ owner: 'moderators', item: 'Confirm the new address for A-2001' }],
  ordersDiscussed: [{ orderId: 'A-1042', note: 'out for delivery' }],
  unresolvedQuestions: [],
};

describe('summarizeCall through Converse', () => {
  let fake: FakeBedrock;
  let client: ReturnType<typeof createBedrockClient>;
  beforeAll(async () => {
    fake = await FakeBedrock.start();
    client = createBedrockClient({ aws: { region: 'us-east-1', bedrockEndpoint: fake.endpoint } }, log, {
      credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client.destroy();
    await fake.close();
  });

  it('asks the summary model with the attributed transcript and validates its structured answer', async () => {
    fake.converse.reply('model.a', { text: `Here you go: ${JSON.stringify(summary)}` });
    const result = await summarizeCall({ client, modelIds: ['model.a'], lines, log });
    expect(result.summary).toEqual(summary);
    expect(result.modelId).toBe('model.a');
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    const request = fake.converse.requests.at(-1)?.body as { messages: { content: { text: string }[] }[] };
    const text = request.messages[0]?.content[0]?.text ?? '';
    expect(text).toContain('[00:00] Alice: Where is my order A-1042?');
    expect(text).toContain('[00:04] Assistant (to Alice): A-1042 is out for delivery');
    expect(text).toContain('[01:05] Bob: Can I change');
  });

  it('falls back to the next model when the first fails or answers with invalid JSON', async () => {
    fake.converse.reply('broken.model', { status: 500, errorType: 'InternalServerException' });
    fake.converse.reply('chatty.model', { text: 'I think the call went fine.' });
    fake.converse.reply('good.model', { text: JSON.stringify(summary) });
    const result = await summarizeCall({
      client,
      modelIds: ['broken.model', 'chatty.model', 'good.model'],
      lines,
      log,
    });
    expect(result.modelId).toBe('good.model');
    expect(fake.converse.requests.slice(-3).map((r) => r.modelId)).toEqual([
      'broken.model',
      'chatty.model',
      'good.model',
    ]);
  });

  it('asks at temperature 0, and asks a fallback that rejects toolChoice again without it (JSON in text)', async () => {
    fake.converse.reply('down.model', { status: 503, errorType: 'ServiceUnavailableException' });
    fake.converse.rejectToolChoice('plain.model');
    fake.converse.reply('plain.model', { text: JSON.stringify(summary) });
    const before = fake.converse.requests.length;
    const result = await summarizeCall({ client, modelIds: ['down.model', 'plain.model'], lines, log });
    expect(result.modelId).toBe('plain.model');
    expect(result.summary).toEqual(summary);
    const sent = fake.converse.requests.slice(before) as {
      modelId: string;
      body: {
        toolConfig?: { toolChoice?: unknown };
        inferenceConfig: { temperature: number };
        messages: { content: { text: string }[] }[];
      };
    }[];
    expect(sent.map((r) => [r.modelId, r.body.toolConfig?.toolChoice !== undefined])).toEqual([
      ['down.model', true],
      ['plain.model', true],
      ['plain.model', false],
    ]);
    expect(sent.every((r) => r.body.inferenceConfig.temperature === 0)).toBe(true);
    expect(sent[2]?.body.messages[0]?.content[0]?.text).toContain('JSON Schema');
  });

  it('summarises a long transcript in parts and merges them', async () => {
    const first = {
      ...summary,
      participants: ['Alice'],
      sentiment: { overall: 'positive' as const, notes: '' },
    };
    const second = {
      ...summary,
      participants: ['Bob'],
      sentiment: { overall: 'negative' as const, notes: '' },
    };
    fake.converse.reply('parts.model', { text: JSON.stringify(first) }, { text: JSON.stringify(second) });
    const before = fake.converse.requests.length;
    const result = await summarizeCall({
      client,
      modelIds: ['parts.model'],
      lines,
      log,
      maxCharsPerPart: 80,
    });
    expect(fake.converse.requests.length - before).toBeGreaterThanOrEqual(2);
    expect(result.parts).toBeGreaterThanOrEqual(2);
    expect(result.summary.participants).toEqual(['Alice', 'Bob']);
    expect(result.summary.sentiment.overall).toBe('mixed');
  });

  it('throws a retryable SummaryError when every model is unavailable, and a permanent one when access is denied', async () => {
    fake.converse.reply('down.model', { status: 503, errorType: 'ServiceUnavailableException' });
    await expect(summarizeCall({ client, modelIds: ['down.model'], lines, log })).rejects.toMatchObject({
      name: 'SummaryError',
      retryable: true,
    });
    fake.converse.reply('denied.model', { status: 403, errorType: 'AccessDeniedException' });
    const err = await summarizeCall({ client, modelIds: ['denied.model'], lines, log }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SummaryError);
    expect((err as SummaryError).retryable).toBe(false);
  });
});
