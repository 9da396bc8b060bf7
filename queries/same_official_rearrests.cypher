// name: same_official_rearrests
// description: Officials who ordered both the arrest and the re-arrest of the same person:
// description: the re-arrests of revolving_door whose same_official is true, with the three
// description: orders of the cycle (the arrest, the release, the re-arrest). Same parameters.
// description: Sorted by official_id, then rearrest date, person_id, rearrest_order_id.
// param: official: Official = null -- only re-arrests ordered by this official id
// param: max_days: int = null -- only re-arrests at most this many days after the release
// param: since: date = null -- only re-arrests on or after this date
// param: until: date = null -- only re-arrests on or before this date
// param: include_claimed: bool = false -- count releases announced but not verified
// columns: official_id, official_name, person_id, person_name, arrest_order_id,
// columns: release_order_id, rearrest_order_id, days_free
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
WITH p, release, rearrest, previous,
     head([(f:Official)-[:ISSUED]->(order) | f]) AS official,
     head([(f:Official)-[:ISSUED]->(previous) | f.id]) AS previous_official_id,
     head([(order)-[:AT]->(c:Facility) | c.id]) AS facility_id,
     duration.inDays(date(left(release.date, 10)), date(left(rearrest.date, 10))).days AS days_free
WHERE ($official IS NULL OR official.id = $official)
  AND ($max_days IS NULL OR days_free <= $max_days)
  AND ($since IS NULL OR left(rearrest.date, 10) >= left($since, 10))
  AND ($until IS NULL OR left(rearrest.date, 10) <= left($until, 10))
  AND official IS NOT NULL AND official.id = previous_official_id
RETURN official.id AS official_id,
       official.name AS official_name,
       p.id AS person_id,
       p.name AS person_name,
       previous.id AS arrest_order_id,
       release.order.id AS release_order_id,
       rearrest.order.id AS rearrest_order_id,
       days_free
ORDER BY official_id, rearrest.date, person_id, rearrest_order_id
