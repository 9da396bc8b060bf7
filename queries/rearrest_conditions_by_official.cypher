// name: rearrest_conditions_by_official
// description: Of the re-arrested, how many had been released under a gag order or a reporting
// description: regime, by the official who ordered the re-arrest (revolving_door's rules and
// description: filters). rearrests, persons: as rearrests_by_official; after_gag_order,
// description: after_reporting: re-arrests whose release (the one the re-arrest followed) carried
// description: that condition code; after_gag_order_or_reporting: either, and
// description: persons_after_gag_order_or_reporting the distinct persons among those. Sorted by
// description: rearrests descending, then official_id; an unknown official (null) last.
// param: official: Official = null -- only re-arrests ordered by this official id
// param: institution: Institution = null -- only re-arrests issued by this body or any part of it
// param: max_days: int = null -- only re-arrests that could have come this many days after the release
// param: since: date = null -- only re-arrests whose possible days reach this date or later
// param: until: date = null -- only re-arrests whose possible days reach this date or earlier
// param: include_claimed: bool = false -- count releases announced but not verified
// param: exact_dates: bool = false -- only re-arrests whose two dates are single days
// param: recorded_only: bool = false -- walk recorded orders alone: nothing inferred from lists
// param: as_known_on: date = null -- only records known by this day
// columns: official_id, official_name, rearrests, persons, after_gag_order, after_reporting,
// columns: after_gag_order_or_reporting, persons_after_gag_order_or_reporting
// :params {official: null, institution: null, max_days: null, since: null, until: null, include_claimed: false, exact_dates: false, recorded_only: false, as_known_on: null}
// include: judged
// include: rearrest_rows
WITH rearrest.official AS official_id, person_id,
     'gag_order' IN release.conditions AS gag_order,
     'reporting' IN release.conditions AS reporting
WITH official_id, count(*) AS rearrests, count(DISTINCT person_id) AS persons,
     count(CASE WHEN gag_order THEN 1 END) AS after_gag_order,
     count(CASE WHEN reporting THEN 1 END) AS after_reporting,
     count(CASE WHEN gag_order OR reporting THEN 1 END) AS after_gag_order_or_reporting,
     count(DISTINCT CASE WHEN gag_order OR reporting THEN person_id END)
       AS persons_after_gag_order_or_reporting
OPTIONAL MATCH (named:Official {id: official_id})
RETURN official_id,
       named.name AS official_name,
       rearrests,
       persons,
       after_gag_order,
       after_reporting,
       after_gag_order_or_reporting,
       persons_after_gag_order_or_reporting
ORDER BY official_id IS NULL, rearrests DESC, official_id
