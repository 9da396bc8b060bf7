// name: facilities_by_rearrests
// description: Facilities where re-arrested persons were taken, by number of re-arrests (revolving_door's
// description: rules and filters; the facility is the re-arrest's). Sorted by rearrests descending, then
// description: facility_id; re-arrests with no known facility are counted under null, last.
// param: official: Official = null -- only re-arrests ordered by this official id
// param: institution: Institution = null -- only re-arrests issued by this body or any part of it
// param: max_days: int = null -- only re-arrests that could have come this many days after the release
// param: since: date = null -- only re-arrests whose possible days reach this date or later
// param: until: date = null -- only re-arrests whose possible days reach this date or earlier
// param: include_claimed: bool = false -- count releases announced but not verified
// param: exact_dates: bool = false -- only re-arrests whose two dates are single days
// param: recorded_only: bool = false -- walk recorded orders alone: nothing inferred from lists
// param: as_known_on: date = null -- only records known by this day
// columns: facility_id, facility_name, rearrested_persons, rearrests
// :params {official: null, institution: null, max_days: null, since: null, until: null, include_claimed: false, exact_dates: false, recorded_only: false, as_known_on: null}
// include: judged
// include: rearrest_rows
WITH rearrest.facility AS facility_id, person_id
WITH facility_id, count(DISTINCT person_id) AS rearrested_persons, count(*) AS rearrests
OPTIONAL MATCH (c:Facility {id: facility_id})
RETURN facility_id,
       c.name AS facility_name,
       rearrested_persons,
       rearrests
ORDER BY facility_id IS NULL, rearrests DESC, facility_id
