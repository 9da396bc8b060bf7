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
MATCH (p:Person)
// include: rearrest_rows
WITH p, release, previous, rearrest, days_free
WHERE rearrest.official IS NOT NULL AND rearrest.official = previous.official
OPTIONAL MATCH (official:Official {id: rearrest.official})
RETURN rearrest.official AS official_id,
       official.name AS official_name,
       p.id AS person_id,
       p.name AS person_name,
       previous.id AS arrest_order_id,
       release.id AS release_order_id,
       rearrest.id AS rearrest_order_id,
       days_free
ORDER BY official_id, rearrest.date, person_id, rearrest_order_id
