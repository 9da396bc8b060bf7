// name: same_official_rearrests
// description: Re-arrests ordered by the official who also ordered the arrest before the release, with
// description: the three orders of the cycle (revolving_door's rules and filters). Sorted by official_id,
// description: then as revolving_door.
// param: official: Official = null -- only re-arrests ordered by this official id
// param: institution: Institution = null -- only re-arrests issued by this body or any part of it
// param: max_days: int = null -- only re-arrests that could have come this many days after the release
// param: since: date = null -- only re-arrests whose possible days reach this date or later
// param: until: date = null -- only re-arrests whose possible days reach this date or earlier
// param: include_claimed: bool = false -- count releases announced but not verified
// param: exact_dates: bool = false -- only re-arrests whose two dates are single days
// param: recorded_only: bool = false -- walk recorded orders alone: nothing inferred from lists
// param: as_known_on: date = null -- only records known by this day
// columns: official_id, official_name, person_id, person_name, arrest_order_id,
// columns: release_order_id, rearrest_order_id, days_free
// :params {official: null, institution: null, max_days: null, since: null, until: null, include_claimed: false, exact_dates: false, recorded_only: false, as_known_on: null}
// include: judged
// include: rearrest_rows
WITH * WHERE rearrest.official IS NOT NULL AND rearrest.official = previous.official
OPTIONAL MATCH (official:Official {id: rearrest.official})
OPTIONAL MATCH (person:Person {id: person_id})
RETURN rearrest.official AS official_id,
       official.name AS official_name,
       person_id,
       person.name AS person_name,
       previous.id AS arrest_order_id,
       release.id AS release_order_id,
       rearrest.id AS rearrest_order_id,
       days_free
ORDER BY official_id, rearrest.start, rearrest.date, person_id, rearrest_order_id
