// name: reconcile
// description: Each claim (a count announced without names) next to what the records document for
// description: the same thing: one row per claim. documented: for released / arrested, distinct persons
// description: with a verified release (or exile) / arrest, recorded or inferred from status lists,
// description: whose first possible day falls within the period, both ends included (period_start null:
// description: from the earliest record; an empty end: the claim's date); for detained, persons in
// description: custody at the end of as_of (as detained_on). documented_with_claimed: also claimed
// description: orders (for detained, a claimed release frees: it can be lower). gap: count_min minus
// description: documented. documented_then: documented from the records known by the claim's date.
// description: Sorted by the claim's date (first possible day), then claim_id.
// param: as_known_on: date = null -- only records known by this day
// columns: claim_id, date, claimant, kind, count_min, count_max, documented,
// columns: documented_with_claimed, gap, documented_then, period_start, period_end, as_of
// :params {as_known_on: null}
// include: day_bounds(date=$as_known_on, first=asked_first, last=asked_by)
MATCH (k:Claim)
WITH asked_by, k, toString(k.date_end) AS made, k.kind = 'detained' AS detained
// What each claim counts, and the two days of knowledge it is counted on: now (every
// record, or those known by $as_known_on) and then (known by the claim's own date).
WITH asked_by, collect({
       id: k.id, date: k.date, start: toString(k.date_start), claimant: k.claimant, kind: k.kind,
       count_min: k.count_min, count_max: k.count_max,
       first: CASE WHEN detained THEN null ELSE toString(k.period_start_start) END,
       last: CASE WHEN detained THEN null ELSE coalesce(toString(k.period_end_end), made) END,
       as_of: CASE WHEN detained THEN toString(k.as_of_end) END,
       kinds: CASE k.kind WHEN 'released' THEN ['release', 'exile'] ELSE ['arrest'] END,
       now: coalesce(asked_by, '9999-12-31'),
       then: CASE WHEN asked_by < made THEN asked_by ELSE made END}) AS claims
UNWIND claims AS claim
UNWIND [claim.now, claim.then] AS day
WITH claims, collect(DISTINCT day) AS days
UNWIND days AS known_by
// What the records document as known by that day, for every claim counted on it.
CALL {
  WITH claims, known_by
  MATCH (p:Person)
  WITH *, null AS kinds, false AS recorded_only
  // include: person_facts
  CALL {
    WITH events
    // include: custody_steps
    RETURN [s IN steps | {start: s.event.start, held: s.after IS NOT NULL}] AS held
  }
  CALL {
    WITH events
    WITH [e IN events |
          CASE WHEN e.kind IN ['release', 'exile'] AND e.status = 'claimed'
               THEN e{.*, status: 'verified'} ELSE e END] AS events
    // include: custody_steps
    RETURN [s IN steps | {start: s.event.start, held: s.after IS NOT NULL}] AS held_with_claimed
  }
  UNWIND [c IN claims WHERE known_by IN [c.now, c.then]] AS c
  WITH c, person_id,
       CASE WHEN c.kind = 'detained'
         THEN coalesce(last([s IN held WHERE s.start <= c.as_of]).held, false)
         ELSE any(e IN events WHERE e.kind IN c.kinds AND e.status = 'verified'
                  AND (c.first IS NULL OR e.start >= c.first) AND e.start <= c.last)
       END AS counted,
       CASE WHEN c.kind = 'detained'
         THEN coalesce(last([s IN held_with_claimed WHERE s.start <= c.as_of]).held, false)
         ELSE any(e IN events WHERE e.kind IN c.kinds AND e.status IN ['verified', 'claimed']
                  AND (c.first IS NULL OR e.start >= c.first) AND e.start <= c.last)
       END AS counted_with_claimed
  WITH c.id AS id,
       count(DISTINCT CASE WHEN counted THEN person_id END) AS documented,
       count(DISTINCT CASE WHEN counted_with_claimed THEN person_id END) AS with_claimed
  RETURN collect({id: id, documented: documented, with_claimed: with_claimed}) AS counts
}
WITH claims, collect({day: known_by, counts: counts}) AS by_day
UNWIND claims AS c
WITH c, head([x IN by_day WHERE x.day = c.now]).counts AS now,
     head([x IN by_day WHERE x.day = c.then]).counts AS then
WITH c, head([x IN now WHERE x.id = c.id]) AS now, head([x IN then WHERE x.id = c.id]) AS then
RETURN c.id AS claim_id,
       c.date AS date,
       c.claimant AS claimant,
       c.kind AS kind,
       c.count_min AS count_min,
       c.count_max AS count_max,
       coalesce(now.documented, 0) AS documented,
       coalesce(now.with_claimed, 0) AS documented_with_claimed,
       c.count_min - coalesce(now.documented, 0) AS gap,
       coalesce(then.documented, 0) AS documented_then,
       c.first AS period_start,
       c.last AS period_end,
       c.as_of AS as_of
ORDER BY c.start, toString(c.date), claim_id
