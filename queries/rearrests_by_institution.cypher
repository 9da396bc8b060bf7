// name: rearrests_by_institution
// description: Re-arrests counted by the body that issued them (the order's issuing body, else its
// description: official's institution), each body as given, no roll-up to the bodies it is part of
// description: (revolving_door's rules and filters). Sorted like rearrests_by_official, null last.
// param: official: Official = null -- only re-arrests ordered by this official id
// param: institution: Institution = null -- only re-arrests issued by this body or any part of it
// param: max_days: int = null -- only re-arrests that could have come this many days after the release
// param: since: date = null -- only re-arrests whose possible days reach this date or later
// param: until: date = null -- only re-arrests whose possible days reach this date or earlier
// param: include_claimed: bool = false -- count releases announced but not verified
// param: exact_dates: bool = false -- only re-arrests whose two dates are single days
// param: recorded_only: bool = false -- walk recorded orders alone: nothing inferred from lists
// param: as_known_on: date = null -- only records known by this day
// columns: institution_id, institution_name, rearrests, persons, median_days_free
// :params {official: null, institution: null, max_days: null, since: null, until: null, include_claimed: false, exact_dates: false, recorded_only: false, as_known_on: null}
// include: judged
// include: rearrest_rows
WITH rearrest.institution AS institution_id, person_id, days_free
ORDER BY days_free
WITH institution_id, count(*) AS rearrests, count(DISTINCT person_id) AS persons,
     collect(days_free) AS days
OPTIONAL MATCH (named:Institution {id: institution_id})
RETURN institution_id,
       named.name AS institution_name,
       rearrests,
       persons,
       CASE size(days) % 2
         WHEN 1 THEN days[size(days) / 2]
         ELSE (days[size(days) / 2 - 1] + days[size(days) / 2]) / 2.0
       END AS median_days_free
ORDER BY institution_id IS NULL, rearrests DESC, institution_id
