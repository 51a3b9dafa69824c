import { type CampaignDemand, fairShares } from './fair-share.js';

const demand = (id: number, concurrency: number, onCall: number, due: number): CampaignDemand => ({
  id,
  concurrency,
  onCall,
  due,
});

describe('fairShares', () => {
  it('shares the calls evenly, the first campaigns taking what does not divide', () => {
    const demands = Array.from({ length: 10 }, (_, i) => demand(i + 1, 5, 0, 1000));
    const shares = fairShares(28, demands);
    expect([...shares.values()]).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 2, 2]);
  });

  it('moves what does not divide evenly round the campaigns as the rotation moves on', () => {
    const demands = Array.from({ length: 10 }, (_, i) => demand(i + 1, 5, 0, 1000));
    expect([...fairShares(28, demands, 3).values()]).toEqual([3, 2, 2, 3, 3, 3, 3, 3, 3, 3]);
    const fewest = new Map<number, number>();
    for (let rotation = 0; rotation < 10; rotation++)
      for (const [id, share] of fairShares(28, demands, rotation))
        if (share === 2) fewest.set(id, (fewest.get(id) ?? 0) + 1);
    // Over a full turn every campaign held the smaller share equally often.
    expect([...fewest.values()]).toEqual(Array(10).fill(2));
  });

  it('gives a slot one campaign cannot use to the others', () => {
    const shares = fairShares(28, [
      demand(1, 50, 0, 1000),
      demand(2, 2, 0, 1000),
      demand(3, 50, 1, 0),
    ]);
    expect(shares.get(2)).toBe(2);
    // Campaign 3 has nothing due: it keeps the call it has, no more.
    expect(shares.get(3)).toBe(1);
    expect(shares.get(1)).toBe(25);
  });

  it('never shares out more than is available, nor more than the campaigns want', () => {
    expect([...fairShares(4, [demand(1, 3, 3, 5), demand(2, 3, 0, 5)]).values()]).toEqual([2, 2]);
    expect([...fairShares(100, [demand(1, 3, 0, 2), demand(2, 50, 10, 0)]).values()]).toEqual([
      2, 10,
    ]);
    expect(fairShares(0, [demand(1, 3, 0, 2)]).get(1)).toBe(0);
  });
});
