// name: official_profile
// description: One official's record in one row. orders and the four kind counts: the orders
// description: they issued; persons and facilities: distinct persons concerned and facilities
// description: named. rearrests: re-arrests they ordered (revolving_door's rules);
// description: rearrests_after_own_arrest: those where they had also ordered the arrest before
// description: the release, and same_official_share that number over rearrests (null without
// description: re-arrests). median_days_free: median days free before their re-arrests.
// param: official: Official -- the official's id
// param: include_claimed: bool = false -- count releases announced but not verified
// columns: official_id, official_name, position, institution, orders, arrests, releases,
// columns: transfers, sentences, persons, facilities, rearrests, rearrests_after_own_arrest,
// columns: same_official_share, median_days_free, first_order_date, last_order_date
// :params {official: "F0001", include_claimed: false}
MATCH (f:Official {id: $official})
OPTIONAL MATCH (f)-[:ISSUED]->(o:Order)-[:CONCERNS]->(p:Person)
WITH f, o, p, head([(o)-[:AT]->(c:Facility) | c.id]) AS facility_id
WITH f,
     count(o) AS orders,
     count(CASE WHEN o.kind = 'arrest' THEN 1 END) AS arrests,
     count(CASE WHEN o.kind = 'release' THEN 1 END) AS releases,
     count(CASE WHEN o.kind = 'transfer' THEN 1 END) AS transfers,
     count(CASE WHEN o.kind = 'sentence' THEN 1 END) AS sentences,
     count(DISTINCT p) AS persons,
     count(DISTINCT facility_id) AS facilities,
     min(toString(o.date)) AS first_order_date,
     max(toString(o.date)) AS last_order_date,
     collect(DISTINCT p) AS concerned
// The re-arrests this official ordered, found by walking each concerned person's orders.
CALL {
  WITH concerned
  UNWIND concerned AS p
  WITH p, ['arrest', 'release'] AS kinds, $include_claimed AS include_claimed
  // include: person_events
  // include: rearrests
  UNWIND rearrests AS r
  WITH r
  WHERE r.rearrest.official = $official
  WITH r.previous.official = $official AS same,
       duration.inDays(date(left(r.release.date, 10)), date(left(r.rearrest.date, 10))).days
         AS days_free
  ORDER BY days_free
  WITH count(*) AS rearrests, count(CASE WHEN same THEN 1 END) AS same,
       collect(days_free) AS days
  RETURN rearrests, same,
         CASE
           WHEN size(days) = 0 THEN null
           WHEN size(days) % 2 = 1 THEN days[size(days) / 2]
           ELSE (days[size(days) / 2 - 1] + days[size(days) / 2]) / 2.0
         END AS median_days_free
}
RETURN f.id AS official_id,
       f.name AS official_name,
       f.position AS position,
       f.institution AS institution,
       orders, arrests, releases, transfers, sentences, persons, facilities,
       rearrests,
       same AS rearrests_after_own_arrest,
       CASE WHEN rearrests = 0 THEN null ELSE toFloat(same) / rearrests END AS same_official_share,
       median_days_free,
       first_order_date,
       last_order_date
