/**
 * The loopback voice gateway's own MLS (test/fakes/discord/voice/mls.ts, built on ts-mls) against
 * real DAVE clients (@snazzah/davey, OpenMLS): its external sender package and signed external
 * proposals are accepted, a forged proposal is not, and the bot's op 28 is split and read.
 */
import davey from '@snazzah/davey';
import { decodeExternalSender } from 'ts-mls';
import { describe, expect, it } from 'vitest';
import { DaveGroup, DaveMember } from '../fakes/discord/voice/index.ts';
import { ExternalSender, snowflakeBytes, splitCommitWelcome, vector } from '../fakes/discord/voice/mls.ts';

const CHANNEL = '1300000000000000007';
const [ALICE, BOB, CAROL] = ['1400000000000000001', '1400000000000000002', '1400000000000000003'];
const APPEND = 0;
const group = snowflakeBytes(CHANNEL);

function client(userId: string, external: Buffer): davey.DAVESession {
  const session = new davey.DAVESession(1, userId, CHANNEL);
  session.setExternalSender(external);
  return session;
}

describe('the voice gateway as MLS external sender (ts-mls)', () => {
  it('writes an ExternalSender with an uncompressed P-256 key and a basic credential', async () => {
    const identity = snowflakeBytes('1100000000000000009');
    const decoded = decodeExternalSender(await new ExternalSender(identity).package(), 0);
    expect(decoded?.[0].signaturePublicKey).toHaveLength(65);
    expect(decoded?.[0].signaturePublicKey[0]).toBe(4);
    const credential = decoded?.[0].credential;
    expect(credential?.credentialType).toBe('basic');
    expect(credential?.credentialType === 'basic' && Buffer.from(credential.identity).equals(identity)).toBe(
      true,
    );
  });

  it('adds and removes members with proposals davey accepts, and reads the commits', async () => {
    const external = new ExternalSender();
    const pkg = await external.package();
    const [alice, bob, carol] = [client(ALICE, pkg), client(BOB, pkg), client(CAROL, pkg)];

    const add = await external.add(group, 0n, bob.getSerializedKeyPackage());
    const first = alice.processProposals(APPEND, vector(add), [ALICE, BOB]);
    if (!first.commit || !first.welcome) throw new Error('no commit and welcome');
    const split = splitCommitWelcome(Buffer.concat([first.commit, first.welcome]));
    expect(split.info).toEqual({ groupId: group, epoch: 0n, sender: 0 });
    expect(split.commit.equals(first.commit)).toBe(true);
    expect(split.welcome?.equals(first.welcome)).toBe(true);
    alice.processCommit(split.commit);
    bob.processWelcome(first.welcome);
    expect([alice.ready, bob.ready, alice.epoch]).toEqual([true, true, 1n]);

    // Bob (leaf 1) leaves and Carol joins in one commit.
    const proposals = [
      await external.remove(group, 1n, 1),
      await external.add(group, 1n, carol.getSerializedKeyPackage()),
    ];
    const second = alice.processProposals(APPEND, vector(Buffer.concat(proposals)), [ALICE, CAROL]);
    if (!second.commit || !second.welcome) throw new Error('no commit and welcome');
    expect(splitCommitWelcome(second.commit).info).toEqual({ groupId: group, epoch: 1n, sender: 0 });
    expect(splitCommitWelcome(second.commit).welcome).toBeUndefined();
    alice.processCommit(second.commit);
    carol.processWelcome(second.welcome);
    const frame = alice.encryptOpus(Buffer.from([0xf8, 0xff, 0xfe]));
    expect(carol.decrypt(ALICE, 0, frame)).toEqual(Buffer.from([0xf8, 0xff, 0xfe]));
    expect(alice.getUserIds()).not.toContain(BOB);
  });

  it('proposals signed by another external sender are refused by the members', async () => {
    const external = new ExternalSender();
    const pkg = await external.package();
    const [alice, bob] = [client(ALICE, pkg), client(BOB, pkg)];
    const forged = await new ExternalSender().add(group, 0n, bob.getSerializedKeyPackage());
    expect(() => alice.processProposals(APPEND, vector(forged), [ALICE, BOB])).toThrow();
  });

  it('refuses to read anything but a member’s commit as op 28, and an unreadable key package', async () => {
    const external = new ExternalSender();
    const bob = client(BOB, await external.package());
    const proposal = await external.add(group, 0n, bob.getSerializedKeyPackage());
    expect(() => splitCommitWelcome(proposal)).toThrow(/not a commit/);
    expect(() => splitCommitWelcome(proposal.subarray(0, 40))).toThrow(/unreadable MLS op 28 MLSMessage/);
    expect(() => splitCommitWelcome(Buffer.alloc(0))).toThrow(/unreadable MLS op 28 MLSMessage/);
    await expect(external.add(group, 0n, Buffer.from('not a key package'))).rejects.toThrow(
      /unreadable MLS KeyPackage/,
    );
  });

  it('drops a hostile participant’s unreadable key package and still forms the group', async () => {
    const dave = new DaveGroup({ channelId: CHANNEL });
    const sent: number[] = [];
    dave.connect({ userId: ALICE, binary: (op) => sent.push(op), json: () => undefined });
    dave.keyPackage(ALICE, Buffer.from('not a key package'));
    const [bob, carol] = [new DaveMember(BOB, dave), new DaveMember(CAROL, dave)];
    bob.join();
    carol.join();
    const deadline = Date.now() + 5_000;
    while (!(bob.ready && carol.ready) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    dave.close();
    expect(dave.failures).toHaveLength(1);
    expect(String(dave.failures[0])).toContain('unreadable MLS KeyPackage');
    expect([bob.ready, carol.ready]).toEqual([true, true]);
    expect(dave.leaves).not.toContain(ALICE);
    expect(sent).toEqual([25]); // the external sender package, and no proposals for Alice
  });

  it('forms one group when four members join at once (later joiners wait for the first commit)', async () => {
    const dave = new DaveGroup({ channelId: CHANNEL });
    const members = [1, 2, 3, 4].map((i) => new DaveMember(`140000000000000001${i}`, dave));
    for (const member of members) member.join();
    const deadline = Date.now() + 5_000;
    while (!members.every((m) => m.ready) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    dave.close();
    expect(members.map((m) => m.ready)).toEqual([true, true, true, true]);
    expect(dave.invalidReports).toEqual([]);
    expect(dave.failures).toEqual([]);
    expect(dave.leaves).toHaveLength(4);
  });
});
