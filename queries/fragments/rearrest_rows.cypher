// fragment: rearrest_rows
// description: one row per re-arrest that passes the revolving-door filters ($official,
// description: $institution and its parts, $max_days on the fewest days free, $since and $until
// description: by overlap, $exact_dates; releases counted as $include_claimed says; records
// description: known by $as_known_on; $recorded_only): the person `p` (`person_id`,
// description: `person_ids`), `release`, `previous`, `rearrest` (event maps) and the days free.
OPTIONAL MATCH (given_official:Official {id: $official})
// include: cluster(node=given_official, id=official_filter, ids=official_filter_members)
OPTIONAL MATCH (given_body:Institution {id: $institution})
// include: cluster(node=given_body, id=body_filter, ids=body_filter_members)
CALL {
  WITH body_filter_members, judged
  UNWIND body_filter_members AS id
  MATCH (part:Institution)-[:PART_OF*0..]->(:Institution {id: id})
  WITH DISTINCT part, judged
  // include: cluster(node=part, id=body, ids=body_members)
  RETURN collect(DISTINCT body) AS bodies
}
// include: day_bounds(date=$since, first=since_day, last=since_last)
// include: day_bounds(date=$until, first=until_first, last=until_day)
// include: day_bounds(date=$as_known_on, first=known_first, last=known_by)
WITH *, ['arrest', 'release', 'exile', 'death'] AS kinds, $include_claimed AS include_claimed,
     $recorded_only AS recorded_only
// Person by person (person_facts), not in one pass over every record (all_facts): each
// person's facts are walked and let go, where one pass holds every fact at once (at a
// million orders, more than a 4 GB server's transaction memory; and slower at 50,000).
MATCH (p:Person)
// include: person_facts
// include: rearrests
UNWIND rearrests AS r
WITH *, r.release AS release, r.previous AS previous, r.rearrest AS rearrest,
     duration.inDays(date(r.release.start), date(r.rearrest.start)).days AS days_free,
     duration.inDays(date(r.release.end), date(r.rearrest.start)).days AS after_release_end,
     duration.inDays(date(r.release.start), date(r.rearrest.end)).days AS days_free_max,
     r.release.start = r.release.end AND NOT r.release.date =~ '.*[~?]'
       AND r.rearrest.start = r.rearrest.end AND NOT r.rearrest.date =~ '.*[~?]' AS dates_exact
WITH *, CASE WHEN after_release_end < 0 THEN 0 ELSE after_release_end END AS days_free_min
WHERE (official_filter IS NULL OR rearrest.official = official_filter)
  AND ($institution IS NULL OR rearrest.institution IN bodies)
  AND ($max_days IS NULL OR days_free_min <= $max_days)
  AND (since_day IS NULL OR rearrest.end >= since_day)
  AND (until_day IS NULL OR rearrest.start <= until_day)
  AND (NOT $exact_dates OR dates_exact)
// Only what the rows are made of goes on, through an aggregation (which, unlike WITH,
// makes new rows): a sort or a count after this would otherwise hold every variable the
// walk made for each re-arrest, each person's facts among them (at a million orders,
// more than the server's transaction memory).
WITH collect([person_id, person_ids, release, previous, rearrest, days_free, days_free_min,
              days_free_max, dates_exact]) AS found
UNWIND found AS row
WITH row[0] AS person_id, row[1] AS person_ids, row[2] AS release, row[3] AS previous,
     row[4] AS rearrest, row[5] AS days_free, row[6] AS days_free_min,
     row[7] AS days_free_max, row[8] AS dates_exact
