// name: detained_on_by_facility
// description: How many persons each facility held at the end of a day (see detained_on).
// description: held + release_claimed = persons. Sorted by persons descending, then
// description: facility_id; persons whose whereabouts are unknown are counted under
// description: facility_id null, last.
// param: day: date -- facts up to the end of this day (a month or year: its last day; with a time, that instant)
// param: facility: Facility = null -- only persons held at this facility id
// param: as_known_on: date = null -- only records known by this day

// columns: facility_id, facility_name, held, release_claimed, persons, from_lists
// :params {day: "2024-01-01", facility: null, as_known_on: null}
// include: judged
OPTIONAL MATCH (given_facility:Facility {id: $facility})
// include: cluster(node=given_facility, id=facility_filter, ids=facility_filter_members)
// include: day_bounds(date=$as_known_on, first=known_first, last=known_by)
// The last moment of $day: its instant, else its last possible day.
// include: day_bounds(date=$day, first=day_first, last=day_last)
WITH *, CASE WHEN $day CONTAINS 'T' THEN $day ELSE day_last END AS cutoff
WITH *, null AS kinds, false AS recorded_only
// include: all_facts
// include: custody_steps
// The state after the last fact dated up to the cutoff, by first possible day (by the
// instant, when both have a time of day).
WITH *, last([s IN steps
              WHERE CASE WHEN size(cutoff) = 10 OR NOT s.event.date CONTAINS 'T'
                         THEN s.event.start ELSE s.event.date END <= cutoff]).after AS custody
WHERE custody IS NOT NULL AND (facility_filter IS NULL OR custody.facility = facility_filter)
WITH custody.facility AS facility_id, custody.claimed IS NOT NULL AS claimed,
     custody.detained_by.kind = 'listed' OR custody.detained_by.inferred AS listed
WITH facility_id, count(*) AS persons, count(CASE WHEN claimed THEN 1 END) AS release_claimed,
     count(CASE WHEN listed THEN 1 END) AS from_lists
OPTIONAL MATCH (c:Facility {id: facility_id})
RETURN facility_id,
       c.name AS facility_name,
       persons - release_claimed AS held,
       release_claimed,
       persons,
       from_lists
ORDER BY facility_id IS NULL, persons DESC, facility_id
