/** A running campaign's claim on the plan's calls, as a pass sees it under the dial lock. */
export interface CampaignDemand {
  id: number;
  /** The campaign's own limit (`concurrency`). */
  concurrency: number;
  /** Its drivers on a call now (claimed or dialled). */
  onCall: number;
  /** Its drivers due now (read up to the largest concurrency a campaign may have). */
  due: number;
}

/**
 * How many calls each running campaign may have live at once: the campaigns' calls (the plan's
 * limit less the callback reserve) shared out one at a time to the campaign holding fewest, never
 * beyond what one wants (its concurrency, and no more than it has on a call or due). The shares
 * add up to what the campaigns want, up to `available`: a slot one campaign cannot use goes to
 * another. What does not divide evenly goes first to the campaigns from `rotation` on (in the
 * order given), so that, with `rotation` moving on over time, no campaign is always the one
 * holding fewer calls.
 */
export function fairShares(
  available: number,
  demands: CampaignDemand[],
  rotation = 0,
): Map<number, number> {
  const n = demands.length;
  const wants = demands.map((demand) => Math.min(demand.concurrency, demand.onCall + demand.due));
  const shares = demands.map(() => 0);
  const turn = (i: number) => (((i - rotation) % n) + n) % n;
  for (let left = available; left > 0; left--) {
    let pick = -1;
    for (let i = 0; i < n; i++) {
      if (shares[i]! >= wants[i]!) continue;
      if (
        pick < 0 ||
        shares[i]! < shares[pick]! ||
        (shares[i] === shares[pick] && turn(i) < turn(pick))
      )
        pick = i;
    }
    if (pick < 0) break;
    shares[pick]! += 1;
  }
  return new Map(demands.map((demand, i) => [demand.id, shares[i]!]));
}
