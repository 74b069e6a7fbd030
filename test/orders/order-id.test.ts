import { describe, expect, it } from 'vitest';
import { OrderIdError } from '../../src/orders/errors.ts';
import { normaliseOrderId, partialOrderId } from '../../src/orders/order-id.ts';
import { canAccess, isModerator } from '../../src/orders/access.ts';

describe('order ids', () => {
  it.each([
    ['A-1042', 'A-1042'],
    ['a-1042', 'A-1042'],
    ['a 1042', 'A-1042'],
    ['A1042', 'A-1042'],
    [' a – 10 42 ', 'A-1042'],
    ['a dash 1042', 'A-1042'],
    ['#ab-7', 'AB-7'],
  ])('normalises %j to %s', (raw, id) => {
    expect(normaliseOrderId(raw)).toBe(id);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['x'.repeat(33), 'too-long'],
    ['1042', 'malformed'],
    ['ABCD-1', 'malformed'],
    ['A-123456789', 'malformed'],
    ["A-1'; DROP", 'malformed'],
  ])('rejects %j as %s', (raw, problem) => {
    const error = (() => {
      try {
        normaliseOrderId(raw);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(OrderIdError);
    expect((error as OrderIdError).problem).toBe(problem);
  });

  it('turns partial input into an index prefix', () => {
    expect(partialOrderId('a 10')).toEqual({ series: 'A', prefix: 'A-10' });
    expect(partialOrderId('a')).toEqual({ series: 'A', prefix: 'A' });
    expect(partialOrderId('10')).toBeUndefined();
  });
});

describe('lookalike order ids', () => {
  it('folds compatibility forms with NFKC and refuses letters that only look Latin', () => {
    expect(normaliseOrderId('Ａ－１０４２')).toBe('A-1042');
    expect(normaliseOrderId('ａ１０４２')).toBe('A-1042');
    expect(() => normaliseOrderId('\u0410-1042')).toThrow(); // Cyrillic А
    expect(() => normaliseOrderId('A-1O42')).toThrow(); // letter O for zero
  });
});

describe('the ownership rule', () => {
  const mine = { customerId: '1' };
  it('lets owners and moderators in, nobody else', () => {
    expect(canAccess(mine, { userId: '1', isModerator: false })).toBe(true);
    expect(canAccess(mine, { userId: '2', isModerator: false })).toBe(false);
    expect(canAccess(mine, { userId: '2', isModerator: true })).toBe(true);
  });

  const shop = { guildId: 'shop', shopGuildIds: ['shop'] };
  it('counts the configured role or Manage Server as moderator in the shop guild', () => {
    expect(isModerator({ roleIds: ['r1', 'mod'], canManageGuild: false }, 'mod', shop)).toBe(true);
    expect(isModerator({ roleIds: ['r1'], canManageGuild: true }, undefined, shop)).toBe(true);
    expect(isModerator({ roleIds: ['r1'], canManageGuild: false }, 'mod', shop)).toBe(false);
    expect(isModerator({ roleIds: ['mod'], canManageGuild: false }, undefined, shop)).toBe(false);
  });

  it('makes nobody a moderator outside the shop guilds, nor through @everyone', () => {
    const elsewhere = { guildId: 'mallory', shopGuildIds: ['shop'] };
    expect(isModerator({ roleIds: ['mod'], canManageGuild: true }, 'mod', elsewhere)).toBe(false);
    expect(
      isModerator({ roleIds: ['mod'], canManageGuild: true }, 'mod', { ...shop, shopGuildIds: [] }),
    ).toBe(false);
    expect(isModerator({ roleIds: ['shop'], canManageGuild: false }, 'shop', shop)).toBe(false);
    expect(
      isModerator({ roleIds: ['x'], canManageGuild: false }, undefined, {
        guildId: null,
        shopGuildIds: ['shop'],
      }),
    ).toBe(false);
  });
});
