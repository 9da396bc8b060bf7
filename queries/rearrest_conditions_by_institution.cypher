// name: rearrest_conditions_by_institution
// description: Of the re-arrested, how many had been released under a gag order or a reporting
// description: regime, by the body that issued the re-arrest (its issuing body, else its
// description: official's institution, as given; revolving_door's rules and filters). Columns as
// description: rearrest_conditions_by_official. Sorted by rearrests descending, then
// description: institution_id; an unknown body (null) last.
// param: official: Official = null -- only re-arrests ordered by this official id
// param: institution: Institution = null -- only re-arrests issued by this body or any part of it
// param: max_days: int = null -- only re-arrests that could have come this many days after the release
// param: since: date = null -- only re-arrests whose possible days reach this date or later
// param: until: date = null -- only re-arrests whose possible days reach this date or earlier
// param: include_claimed: bool = false -- count releases announced but not verified
// param: exact_dates: bool = false -- only re-arrests whose two dates are single days
// param: recorded_only: bool = false -- walk recorded orders alone: nothing inferred from lists
// param: as_known_on: date = null -- only records known by this day
// columns: institution_id, institution_name, rearrests, persons, after_gag_order, after_reporting,
// columns: after_gag_order_or_reporting, persons_after_gag_order_or_reporting
// :params {official: null, institution: null, max_days: null, since: null, until: null, include_claimed: false, exact_dates: false, recorded_only: false, as_known_on: null}
// include: judged
// include: rearrest_rows
WITH rearrest.institution AS institution_id, person_id,
     'gag_order' IN release.conditions AS gag_order,
     'reporting' IN release.conditions AS reporting
WITH institution_id, count(*) AS rearrests, count(DISTINCT person_id) AS persons,
     count(CASE WHEN gag_order THEN 1 END) AS after_gag_order,
     count(CASE WHEN reporting THEN 1 END) AS after_reporting,
     count(CASE WHEN gag_order OR reporting THEN 1 END) AS after_gag_order_or_reporting,
     count(DISTINCT CASE WHEN gag_order OR reporting THEN person_id END)
       AS persons_after_gag_order_or_reporting
OPTIONAL MATCH (named:Institution {id: institution_id})
RETURN institution_id,
       named.name AS institution_name,
       rearrests,
       persons,
       after_gag_order,
       after_reporting,
       after_gag_order_or_reporting,
       persons_after_gag_order_or_reporting
ORDER BY institution_id IS NULL, rearrests DESC, institution_id
