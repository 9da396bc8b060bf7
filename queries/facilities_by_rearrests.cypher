// name: facilities_by_rearrests
// description: Facilities where re-arrested persons were taken, by number of re-arrests
// description: (revolving_door's rules and parameters; the facility is the re-arrest's).
// description: rearrested_persons counts distinct persons. Sorted by rearrests descending,
// description: then facility_id; re-arrests with no known facility are counted under
// description: facility_id null, last.
// param: official: Official = null -- only re-arrests ordered by this official id
// param: max_days: int = null -- only re-arrests at most this many days after the release
// param: since: date = null -- only re-arrests on or after this date
// param: until: date = null -- only re-arrests on or before this date
// param: include_claimed: bool = false -- count releases announced but not verified
// columns: facility_id, facility_name, rearrested_persons, rearrests
// :params {official: null, max_days: null, since: null, until: null, include_claimed: false}
MATCH (p:Person)
// include: rearrest_rows
WITH rearrest.facility AS facility_id, p.id AS person_id
WITH facility_id, count(DISTINCT person_id) AS rearrested_persons, count(*) AS rearrests
OPTIONAL MATCH (c:Facility {id: facility_id})
RETURN facility_id,
       c.name AS facility_name,
       rearrested_persons,
       rearrests
ORDER BY facility_id IS NULL, rearrests DESC, facility_id
