// name: rearrests_by_official
// description: Re-arrests counted by the official who ordered them (revolving_door's rules
// description: and parameters). persons: distinct persons; median_days_free: the median of
// description: days_free (the middle value, or the mean of the two middle values). Sorted by
// description: rearrests descending, then official_id; re-arrests with no known official are
// description: counted under official_id null, last.
// param: official: Official = null -- only re-arrests ordered by this official id
// param: max_days: int = null -- only re-arrests at most this many days after the release
// param: since: date = null -- only re-arrests on or after this date
// param: until: date = null -- only re-arrests on or before this date
// param: include_claimed: bool = false -- count releases announced but not verified
// columns: official_id, official_name, rearrests, persons, median_days_free
// :params {official: null, max_days: null, since: null, until: null, include_claimed: false}
MATCH (o:Order)-[:CONCERNS]->(p:Person)
WHERE o.kind IN ['arrest', 'release']
// Dates are ordered as ISO strings: Neo4j does not order a date against a localdatetime.
WITH p, o, toString(o.date) AS day
ORDER BY day, CASE o.kind WHEN 'arrest' THEN 0 ELSE 1 END, o.id
WITH p, collect({order: o, date: day}) AS events
WITH p, reduce(walk = {last_arrest: null, pending: null, before: null, found: []}, e IN events |
  CASE
    WHEN e.order.kind = 'arrest' THEN {
      last_arrest: e, pending: null, before: null,
      found: walk.found + CASE WHEN walk.pending IS NULL THEN [] ELSE
        [{release: walk.pending, previous: walk.before, rearrest: e}] END}
    WHEN coalesce(e.order.status, 'verified') = 'verified'
      OR ($include_claimed AND e.order.status = 'claimed')
      THEN {last_arrest: walk.last_arrest, pending: e, before: walk.last_arrest, found: walk.found}
    ELSE walk
  END).found AS rearrests
UNWIND rearrests AS r
WITH p, r.release AS release, r.rearrest AS rearrest, r.rearrest.order AS order,
     r.previous.order AS previous
WITH p, release, rearrest,
     head([(f:Official)-[:ISSUED]->(order) | f]) AS official,
     head([(f:Official)-[:ISSUED]->(previous) | f.id]) AS previous_official_id,
     head([(order)-[:AT]->(c:Facility) | c.id]) AS facility_id,
     duration.inDays(date(left(release.date, 10)), date(left(rearrest.date, 10))).days AS days_free
WHERE ($official IS NULL OR official.id = $official)
  AND ($max_days IS NULL OR days_free <= $max_days)
  AND ($since IS NULL OR left(rearrest.date, 10) >= left($since, 10))
  AND ($until IS NULL OR left(rearrest.date, 10) <= left($until, 10))
WITH official.id AS official_id, official.name AS official_name, p.id AS person_id, days_free
ORDER BY days_free
WITH official_id, official_name, count(*) AS rearrests, count(DISTINCT person_id) AS persons,
     collect(days_free) AS days
RETURN official_id,
       official_name,
       rearrests,
       persons,
       CASE size(days) % 2
         WHEN 1 THEN days[size(days) / 2]
         ELSE (days[size(days) / 2 - 1] + days[size(days) / 2]) / 2.0
       END AS median_days_free
ORDER BY official_id IS NULL, rearrests DESC, official_id
