// name: official_profile
// description: One official's record in one row. orders and the four kind counts: the orders
// description: they issued; persons and facilities: distinct persons concerned and facilities
// description: named. rearrests: re-arrests they ordered (revolving_door's rules);
// description: rearrests_after_own_arrest: those where they had also ordered the arrest before
// description: the release, and same_official_share that number over rearrests (null without
// description: re-arrests). median_days_free: median days free before their re-arrests.
// description: first_order_date, last_order_date: of the first and last orders by first possible
// description: day, as stored (a month, a year or a range where that is all the records say).
// param: official: Official -- the official's id
// param: include_claimed: bool = false -- count releases announced but not verified
// param: as_known_on: date = null -- only records known by this day (for the re-arrests)
// columns: official_id, official_name, position, institution, orders, arrests, releases
// columns: transfers, sentences, house_arrests, disappearances, exiles, deaths, persons
// columns: facilities, rearrests, rearrests_after_own_arrest, same_official_share
// columns: median_days_free, first_order_date, last_order_date, institution_id
// columns: institution_name
// :params {official: "F0001", include_claimed: false, as_known_on: null}
// include: judged
// include: official_orders
WITH judged, official_id, official, o, person_id, facility_id,
     CASE WHEN o IS NULL THEN null ELSE toString(o.date) END AS day,
     CASE o.kind WHEN 'arrest' THEN 0 WHEN 'sentence' THEN 2 WHEN 'release' THEN 3
       WHEN 'exile' THEN 3 WHEN 'death' THEN 4 ELSE 1 END AS rank
ORDER BY toString(o.date_start), CASE WHEN day CONTAINS 'T' THEN substring(day, 10) ELSE '' END,
         rank, o.id
WITH judged, official_id, official,
     count(o) AS orders,
       count(CASE o.kind WHEN 'arrest' THEN 1 END) AS arrests,
       count(CASE o.kind WHEN 'release' THEN 1 END) AS releases,
       count(CASE o.kind WHEN 'transfer' THEN 1 END) AS transfers,
       count(CASE o.kind WHEN 'sentence' THEN 1 END) AS sentences,
       count(CASE o.kind WHEN 'house_arrest' THEN 1 END) AS house_arrests,
       count(CASE o.kind WHEN 'disappearance' THEN 1 END) AS disappearances,
       count(CASE o.kind WHEN 'exile' THEN 1 END) AS exiles,
       count(CASE o.kind WHEN 'death' THEN 1 END) AS deaths,
     count(DISTINCT person_id) AS persons,
     count(DISTINCT facility_id) AS facilities,
     collect(day) AS days,
     collect(DISTINCT person_id) AS concerned
// The re-arrests this official ordered, found by walking each concerned person's facts.
CALL {
  WITH official_id, concerned, judged
  // include: day_bounds(date=$as_known_on, first=known_first, last=known_by)
  MATCH (p:Person) WHERE p.id IN concerned
  WITH *, ['arrest', 'release', 'exile', 'death'] AS kinds, $include_claimed AS include_claimed,
       false AS recorded_only
  // include: person_facts
  // include: rearrests
  UNWIND rearrests AS r
  WITH official_id, r
  WHERE r.rearrest.official = official_id
  WITH coalesce(r.previous.official = official_id, false) AS same,
       duration.inDays(date(r.release.start), date(r.rearrest.start)).days AS days_free
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
WITH *, head([(official)-[:MEMBER_OF]->(i:Institution) | i]) AS member_of
// include: cluster(node=member_of, id=institution_id, ids=institution_members)
OPTIONAL MATCH (body:Institution {id: institution_id})
RETURN official_id,
       official.name AS official_name,
       official.position AS position,
       official.institution AS institution,
       orders,
       arrests,
       releases,
       transfers,
       sentences,
       house_arrests,
       disappearances,
       exiles,
       deaths,
       persons,
       facilities,
       rearrests,
       same AS rearrests_after_own_arrest,
       CASE WHEN rearrests = 0 THEN null ELSE toFloat(same) / rearrests END AS same_official_share,
       median_days_free,
       head(days) AS first_order_date,
       last(days) AS last_order_date,
       institution_id,
       body.name AS institution_name
