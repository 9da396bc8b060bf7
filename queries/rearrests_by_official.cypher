// name: rearrests_by_official
// description: Re-arrests counted by the official who ordered them (revolving_door's rules
// description: and parameters). persons: distinct persons; median_days_free: the median of
// description: days_free (the middle value, or the mean of the two middle values). Sorted by
// description: rearrests descending, then official_id; re-arrests with no known official are
// description: counted under official_id null, last.
// param: official: Official = null -- only re-arrests ordered by this official id
// param: max_days: int = null -- only re-arrests at most this many days after the release
// param: since: date = null -- only re-arrests on or after this date
// param: until: date = null -- only re-arrests on or before this date
// param: include_claimed: bool = false -- count releases announced but not verified
// columns: official_id, official_name, rearrests, persons, median_days_free
// :params {official: null, max_days: null, since: null, until: null, include_claimed: false}
MATCH (p:Person)
// include: rearrest_rows
WITH rearrest.official AS official_id, p.id AS person_id, days_free
ORDER BY days_free
WITH official_id, count(*) AS rearrests, count(DISTINCT person_id) AS persons,
     collect(days_free) AS days
OPTIONAL MATCH (official:Official {id: official_id})
RETURN official_id,
       official.name AS official_name,
       rearrests,
       persons,
       CASE size(days) % 2
         WHEN 1 THEN days[size(days) / 2]
         ELSE (days[size(days) / 2 - 1] + days[size(days) / 2]) / 2.0
       END AS median_days_free
ORDER BY official_id IS NULL, rearrests DESC, official_id
