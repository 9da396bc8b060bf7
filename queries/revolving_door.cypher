// name: revolving_door
// description: Persons released and then arrested again: one row per re-arrest. Per person (records judged
// description: the same are one person), arrest, release and exile orders, recorded and inferred from status
// description: lists, by first possible day (an arrest before a release on the same day, then order id). A
// description: release counts when verified (with include_claimed also when claimed; disputed never); the
// description: first arrest after a counted release is a re-arrest, paired with the latest counted release
// description: before it. days_free: first day to first day; days_free_min and days_free_max: the fewest and
// description: most days the dates allow. same_official: the re-arrest's official also ordered the latest
// description: arrest before that release.
// param: official: Official = null -- only re-arrests ordered by this official id
// param: institution: Institution = null -- only re-arrests issued by this body or any part of it
// param: max_days: int = null -- only re-arrests that could have come this many days after the release
// param: since: date = null -- only re-arrests whose possible days reach this date or later
// param: until: date = null -- only re-arrests whose possible days reach this date or earlier
// param: include_claimed: bool = false -- count releases announced but not verified
// param: exact_dates: bool = false -- only re-arrests whose two dates are single days
// param: recorded_only: bool = false -- walk recorded orders alone: nothing inferred from lists
// param: as_known_on: date = null -- only records known by this day
// columns: person_id, person_name, release_order_id, release_date, release_status,
// columns: rearrest_order_id, rearrest_date, official_id, official_name, days_free,
// columns: same_official, previous_official_id, facility_id, days_free_min, days_free_max,
// columns: dates_exact, release_inferred, rearrest_inferred, person_ids, institution_id,
// columns: institution_name, release_conditions
// :params {official: null, institution: null, max_days: null, since: null, until: null, include_claimed: false, exact_dates: false, recorded_only: false, as_known_on: null}
// include: judged
// include: rearrest_rows
OPTIONAL MATCH (official:Official {id: rearrest.official})
OPTIONAL MATCH (body:Institution {id: rearrest.institution})
OPTIONAL MATCH (person:Person {id: person_id})
RETURN person_id,
       person.name AS person_name,
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
       rearrest.facility AS facility_id,
       days_free_min,
       days_free_max,
       dates_exact,
       release.inferred AS release_inferred,
       rearrest.inferred AS rearrest_inferred,
       person_ids,
       rearrest.institution AS institution_id,
       body.name AS institution_name,
       release.conditions AS release_conditions
ORDER BY rearrest.start, rearrest_date, person_id, rearrest_order_id
