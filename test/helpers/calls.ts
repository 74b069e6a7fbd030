/**
 * Starting, ending and watching calls the way a member does it in the e2e tests: `/voice join` and
 * `/voice leave` through the fake Discord, and the live Sonic slots held in the fleet lease table.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { tableNames } from '../../src/db/index.ts';
import type { FakeGuild, FakeUser } from '../fakes/discord/index.ts';
import type { World } from './world.ts';

type Where = { guild: FakeGuild };

/** Runs `/voice <subcommand>` as `caller` in `where` (the world's main guild by default). */
export function voiceCommand(
  world: World,
  caller: FakeUser,
  subcommand: 'join' | 'leave',
  where: Where = world,
  timeoutMs = 20_000,
) {
  return world.discord.runSlashCommand(caller, where.guild, 'voice', { subcommand }, timeoutMs);
}

/** `/voice join` as `caller` (who must already be in a voice channel); resolves with the bot's voice session. */
export async function joinCall(world: World, caller: FakeUser, where: Where = world) {
  const join = await voiceCommand(world, caller, 'join', where);
  expect(join.original?.content).toContain('Joined');
  return world.voice.waitForSession(where.guild.id);
}

/** How many Sonic slots in the fleet lease table are held and not yet expired. */
export async function liveSonicLeases(world: World): Promise<number> {
  const out = await world.dynamo.doc.send(
    new QueryCommand({
      TableName: tableNames(world.tablePrefix).leases,
      KeyConditionExpression: '#pool = :p',
      ExpressionAttributeNames: { '#pool': 'pool' },
      ExpressionAttributeValues: { ':p': 'sonic' },
    }),
  );
  return (out.Items ?? []).filter((i) => Number(i.expiresAt) > Date.now()).length;
}
