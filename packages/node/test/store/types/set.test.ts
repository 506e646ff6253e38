import { describe, expect, it } from 'vitest';
import { buildSet, intMemberOf, setMembers, SetValue } from '../../../src/store/types/set.js';

function setOf(members: string[], max = 512): SetValue {
  const set = SetValue.for(members[0]!);
  for (const member of members) set.add(member, max);
  return set;
}

describe('intMemberOf', () => {
  it('reads canonical int64s only (string2ll), as numbers while safe and bigints beyond', () => {
    expect(intMemberOf('0')).toBe(0);
    expect(intMemberOf('-17')).toBe(-17);
    expect(intMemberOf('9007199254740991')).toBe(9007199254740991);
    expect(intMemberOf('9007199254740993')).toBe(9007199254740993n);
    expect(intMemberOf('-9223372036854775808')).toBe(-9223372036854775808n);
    for (const text of ['', '-', '-0', '01', '+1', ' 1', '1 ', '1.0', '9223372036854775808', 'a']) {
      expect(intMemberOf(text), text).toBeNull();
    }
  });
});

describe('SetValue encodings', () => {
  it('stays an intset while members are integers within the limit, sorted ascending', () => {
    const set = setOf(['5', '-3', '100', '9223372036854775807', '-9223372036854775808', '0']);
    expect(set.encoding).toBe('intset');
    expect([...set.members()]).toEqual(['-9223372036854775808', '-3', '0', '5', '100', '9223372036854775807']);
    expect(set.has('100')).toBe(true);
    expect(set.has('0100')).toBe(false);
    expect(set.has('x')).toBe(false);
    expect(set.add('5', 512)).toBe(false);
  });

  it('converts to a hashtable on a non-integer member and never goes back', () => {
    const set = setOf(['1', '2']);
    expect(set.add('a', 512)).toBe(true);
    expect(set.encoding).toBe('hashtable');
    expect(set.remove('a')).toBe(true);
    expect(set.encoding).toBe('hashtable');
    expect(set.has('1') && set.has('2')).toBe(true);
  });

  it('converts when it outgrows set-max-intset-entries', () => {
    const set = setOf(['1', '2', '3'], 3);
    expect(set.encoding).toBe('intset');
    set.add('4', 3);
    expect(set.encoding).toBe('hashtable');
    expect(set.size).toBe(4);
  });

  it('starts as a hashtable for a non-integer first member (setTypeCreate)', () => {
    expect(SetValue.for('a').encoding).toBe('hashtable');
    expect(SetValue.for('12').encoding).toBe('intset');
  });

  it('buildSet encodes afresh: integers within the limit make an intset', () => {
    expect(buildSet(['3', '1', '2'], 512).encoding).toBe('intset');
    expect(buildSet(['1', 'b'], 512).encoding).toBe('hashtable');
    expect(buildSet(['1', '2', '3'], 2).encoding).toBe('hashtable');
  });
});

describe('SetValue operations', () => {
  it('removes members in both encodings and keeps lookups right after swap-removal', () => {
    const set = setOf(['a', 'b', 'c', 'd']);
    expect(set.remove('b')).toBe(true);
    expect(set.remove('b')).toBe(false);
    expect(set.has('d')).toBe(true);
    expect(set.remove('d')).toBe(true);
    expect(new Set(set.members())).toEqual(new Set(['a', 'c']));
    const ints = setOf(['1', '2', '3']);
    expect(ints.remove('2')).toBe(true);
    expect(ints.remove('x')).toBe(false);
    expect([...ints.members()]).toEqual(['1', '3']);
  });

  it('popRandom empties the set, each member once', () => {
    for (const members of [['1', '2', '3', '4'], ['a', 'b', 'c', 'd']]) {
      const set = setOf(members);
      const popped: string[] = [];
      while (set.size > 0) popped.push(set.popRandom());
      expect(popped.sort()).toEqual(members);
    }
  });

  it('picks every slot with equal chance', () => {
    const set = setOf(['a', 'b', 'c', 'd', 'e']);
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const member = set.memberAt(set.randomSlot());
      counts.set(member, (counts.get(member) ?? 0) + 1);
    }
    for (const count of counts.values()) expect(count).toBeGreaterThan(800);
    expect(counts.size).toBe(5);
  });

  it('clone keeps members and encoding and is independent', () => {
    for (const members of [['1', '2'], ['x', 'y']]) {
      const set = setOf(members);
      const copy = set.clone();
      expect(copy.encoding).toBe(set.encoding);
      copy.add('z', 512);
      expect(set.has('z')).toBe(false);
      expect(copy.has(members[0]!)).toBe(true);
    }
  });

  it('digests equal for equal members, whatever the order or encoding', () => {
    const intset = setOf(['1', '2', '3']);
    const hashtable = setOf(['3', 'a', '2', '1']);
    hashtable.remove('a');
    expect(hashtable.encoding).toBe('hashtable');
    expect(intset.digest()).toEqual(hashtable.digest());
    expect(setOf(['a', 'b']).digest()).toEqual(setOf(['b', 'a']).digest());
    expect(setOf(['a', 'b']).digest()).not.toEqual(setOf(['a', 'c']).digest());
  });

  it('setMembers lists every member for RDB encoding; the scan source is null for an intset', () => {
    expect([...setMembers(setOf(['2', '1']))]).toEqual(['1', '2']);
    expect(setOf(['2', '1']).scanSource).toBeNull();
    const big = setOf(['a', 'b']);
    expect([...big.scanSource!.keys()].sort()).toEqual(['a', 'b']);
  });
});
