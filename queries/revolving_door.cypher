// name: revolving_door
// description: Persons released and then arrested again: one row per re-arrest.
// description: Per person, arrest and release orders in date order (a date without a time
// description: first, an arrest before a release on a tie, then by order id). A release counts
// description: when verified (with include_claimed also when claimed; disputed never); the first
// description: arrest after a counted release is a re-arrest, paired with the latest counted
// description: release before it. same_official: the re-arrest's official also ordered the
// description: latest arrest before that release.
// param: official: Official = null -- only re-arrests ordered by this official id
// param: max_days: int = null -- only re-arrests at most this many days after the release
// param: since: date = null -- only re-arrests on or after this date
// param: until: date = null -- only re-arrests on or before this date
// param: include_claimed: bool = false -- count releases announced but not verified
// columns: person_id, person_name, release_order_id, release_date, release_status,
// columns: rearrest_order_id, rearrest_date, official_id, official_name, days_free,
// columns: same_official, previous_official_id, facility_id
// :params {official: null, max_days: null, since: null, until: null, include_claimed: false}
MATCH (p:Person)
// include: rearrest_rows
OPTIONAL MATCH (official:Official {id: rearrest.official})
RETURN p.id AS person_id,
       p.name AS person_name,
       release.id AS release_order_id,
       release.date AS release_date,
       release.status AS release_status,
       rearrest.id AS rearrest_order_id,
       rearrest.date AS rearrest_date,
       rearrest.official AS official_id,
       official.name AS official_name,
       days_free,
       coalesce(rearrest.official = previous.official, false) AS same_official,
       previous.official AS previous_official_id,
       rearrest.facility AS facility_id
ORDER BY rearrest_date, person_id, rearrest_order_id
