import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnFakeBedrock } from '../fakes/bedrock/child.ts';
import { FakeBedrock } from '../fakes/bedrock/server.ts';
import { EnergyVad } from '../fakes/bedrock/vad.ts';
import { fakeClient, memoryLogger, silence, speech } from './helpers.ts';

let fake: FakeBedrock | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const converse = (modelId: string) =>
  new ConverseCommand({
    modelId,
    system: [{ text: 'Summarise.' }],
    messages: [{ role: 'user', content: [{ text: 'USER: hi' }] }],
    inferenceConfig: { maxTokens: 100 },
  });

describe('loopback Bedrock', () => {
  it('answers Converse per model id through the real SDK and records the request', async () => {
    fake = await FakeBedrock.start();
    fake.converse.reply('amazon.nova-pro-v1:0', { text: 'A short call.' });
    const client = fakeClient(fake, memoryLogger().log);
    const out = await client.send(converse('amazon.nova-pro-v1:0'));
    expect(out.output?.message?.content?.[0]?.text).toBe('A short call.');
    expect(out.stopReason).toBe('end_turn');
    expect(fake.converse.requests[0]).toMatchObject({
      modelId: 'amazon.nova-pro-v1:0',
      body: { messages: [{ role: 'user', content: [{ text: 'USER: hi' }] }] },
    });
  });

  it('fails Converse on demand with the typed SDK exception', async () => {
    fake = await FakeBedrock.start();
    fake.converse.reply('m1', { status: 424, errorType: 'ModelErrorException' }, { text: 'ok' });
    const client = fakeClient(fake, memoryLogger().log);
    await expect(client.send(converse('m1'))).rejects.toMatchObject({ name: 'ModelErrorException' });
    await expect(client.send(converse('m1'))).resolves.toMatchObject({ stopReason: 'end_turn' });
  });

  it('ends an utterance only after the endpointing pause of trailing silence', () => {
    const vad = new EnergyVad({ thresholdRms: 500, endpointingMs: 300, minSpeechMs: 60 });
    expect(vad.push(speech(400))).toEqual([{ kind: 'speechStart' }]);
    expect(vad.push(silence(290))).toEqual([]);
    expect(vad.push(silence(20))).toEqual([{ kind: 'endpoint', speechMs: 400 }]);
    expect(vad.push(speech(30)).concat(vad.push(silence(400)))).toEqual([{ kind: 'speechStart' }]);
  });

  it('runs as a child process that reports what it received', async () => {
    const child = await spawnFakeBedrock({ endpointingMs: 300 });
    try {
      expect(child.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const stats = await child.stats();
      expect(stats.streams).toEqual([]);
    } finally {
      await child.close();
    }
  });
});
