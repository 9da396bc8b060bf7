// name: rearrests_by_official
// description: Re-arrests counted by the official who ordered them (revolving_door's rules and filters):
// description: rearrests, distinct persons, and the median days free. Sorted by rearrests descending, then
// description: official_id; re-arrests whose official is unknown are counted under null, last.
// param: official: Official = null -- only re-arrests ordered by this official id
// param: institution: Institution = null -- only re-arrests issued by this body or any part of it
// param: max_days: int = null -- only re-arrests that could have come this many days after the release
// param: since: date = null -- only re-arrests whose possible days reach this date or later
// param: until: date = null -- only re-arrests whose possible days reach this date or earlier
// param: include_claimed: bool = false -- count releases announced but not verified
// param: exact_dates: bool = false -- only re-arrests whose two dates are single days
// param: recorded_only: bool = false -- walk recorded orders alone: nothing inferred from lists
// param: as_known_on: date = null -- only records known by this day
// columns: official_id, official_name, rearrests, persons, median_days_free
// :params {official: null, institution: null, max_days: null, since: null, until: null, include_claimed: false, exact_dates: false, recorded_only: false, as_known_on: null}
// include: judged
// include: rearrest_rows
WITH rearrest.official AS official_id, person_id, days_free
ORDER BY days_free
WITH official_id, count(*) AS rearrests, count(DISTINCT person_id) AS persons,
     collect(days_free) AS days
OPTIONAL MATCH (named:Official {id: official_id})
RETURN official_id,
       named.name AS official_name,
       rearrests,
       persons,
       CASE size(days) % 2
         WHEN 1 THEN days[size(days) / 2]
         ELSE (days[size(days) / 2 - 1] + days[size(days) / 2]) / 2.0
       END AS median_days_free
ORDER BY official_id IS NULL, rearrests DESC, official_id
