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
// include: judged
// include: day_bounds(date=$as_known_on, first=asked_first, last=asked_by)
MATCH (k:Claim)
WITH judged, asked_by, k, toString(k.date_end) AS made, k.kind = 'detained' AS detained
// What each claim counts, and the two days of knowledge it is counted on: now (every
// record, or those known by $as_known_on) and then (known by the claim's own date).
WITH judged, asked_by, collect({
       id: k.id, date: k.date, start: toString(k.date_start), claimant: k.claimant,
       kind: k.kind, count_min: k.count_min, count_max: k.count_max,
       first: CASE WHEN detained THEN null ELSE toString(k.period_start_start) END,
       last: CASE WHEN detained THEN null ELSE coalesce(toString(k.period_end_end), made) END,
       as_of: CASE WHEN detained THEN toString(k.as_of_end) END,
       kinds: CASE k.kind WHEN 'released' THEN ['release', 'exile'] ELSE ['arrest'] END,
       now: coalesce(asked_by, '9999-12-31'),
       then: CASE WHEN asked_by < made THEN asked_by ELSE made END}) AS claims
WITH judged, claims, reduce(days = [], c IN claims |
       days + [d IN [c.now, c.then] WHERE NOT d IN days]) AS days
// What the records document as known by each of those days, for the claims counted on it.
// Each person's records are read once. Their history is the same on every day by which
// the same records of theirs were known: it is walked once for all those days.
CALL {
  WITH judged, claims, days
  WITH *, null AS known_by
  // include: all_records
  // Grouped in lists, not by aggregation: an aggregation would hold every person's facts.
  WITH person_id, claims, facts,
       [d IN days | {day: d, known: size([f IN facts WHERE f.known <= d])}] AS known_on
  UNWIND reduce(seen = [], k IN known_on |
           CASE WHEN k.known = 0 OR k.known IN seen THEN seen ELSE seen + k.known END) AS known
  WITH person_id, claims, [k IN known_on WHERE k.known = known | k.day] AS same_days,
       null AS kinds, false AS recorded_only,
       [f IN facts WHERE f.known <= [k IN known_on WHERE k.known = known][0].day] AS facts
  // include: infer
  WITH person_id, same_days, events,
       [c IN claims WHERE c.now IN same_days OR c.then IN same_days] AS asked
  // The custody walk only where a detained claim needs it.
  WITH *, CASE WHEN any(c IN asked WHERE c.kind = 'detained') THEN events ELSE [] END AS walked
  CALL {
    WITH walked
    WITH walked AS events
    // include: custody_steps
    RETURN [s IN steps | {start: s.event.start, held: s.after IS NOT NULL}] AS held
  }
  CALL {
    WITH walked
    // A claimed release taken as a release.
    WITH [e IN walked |
          CASE WHEN e.kind IN ['release', 'exile'] AND e.status = 'claimed'
               THEN e{.*, status: 'verified'} ELSE e END] AS events
    // include: custody_steps
    RETURN [s IN steps | {start: s.event.start, held: s.after IS NOT NULL}] AS held_with_claimed
  }
  UNWIND asked AS c
  UNWIND [d IN same_days WHERE d IN [c.now, c.then]] AS day
  WITH c, day, person_id,
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
  WITH c.id AS id, day,
       count(DISTINCT CASE WHEN counted THEN person_id END) AS documented,
       count(DISTINCT CASE WHEN counted_with_claimed THEN person_id END) AS with_claimed
  RETURN collect({id: id, day: day, documented: documented, with_claimed: with_claimed})
         AS counts
}
UNWIND claims AS c
WITH c, head([x IN counts WHERE x.id = c.id AND x.day = c.now]) AS now,
     head([x IN counts WHERE x.id = c.id AND x.day = c.then]) AS then
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
